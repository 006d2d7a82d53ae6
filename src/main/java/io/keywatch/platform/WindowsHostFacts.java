package io.keywatch.platform;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.IPHlpAPI;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Host facts on Windows. The registry parts (BJCA's install, a service's start type, the Event Log
 * source) go through {@link RegistryReader}, BJCA's COM registration through {@link ClassesRoot}, so
 * they are tested with a map on any OS; the rest is
 * one JNA call each ({@code GetSystemMetrics(SM_REMOTESESSION)}, {@code GetExtendedTcpTable},
 * {@code QueryFullProcessImageName}), fail-safe: an error becomes an unknown fact.
 */
public final class WindowsHostFacts implements HostFacts {
    /** BJCA's client is a 32-bit program: its keys sit under WOW6432Node on 64-bit Windows. */
    static final List<String> BJCA_KEYS = List.of("SOFTWARE\\WOW6432Node\\BJCA", "SOFTWARE\\BJCA");
    static final String BJCA_PRODUCT = "\\Update\\Clients\\{BF720538-7840-4325-93CD-CF72FBF3232F}";
    static final String SERVICES = "SYSTEM\\CurrentControlSet\\Services\\";
    static final String EVENT_SOURCES = SERVICES + "EventLog\\Application";
    static final String EVENT_SOURCE = "KeyWatch";
    private static final int SM_REMOTESESSION = 0x1000;
    private static final int TCP_TABLE_OWNER_PID_LISTENER = 3;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 23;
    private static final int ERROR_INSUFFICIENT_BUFFER = 122;

    /** {@code XTXAppCOM.XTXApp}'s class id (the COM bridge's {@code ComXtxClient.CLSID}). */
    static final String BJCA_CLSID = "{3F367B74-92D9-4C5E-AB93-234F8A91D5E6}";

    private final RegistryReader registry;
    private final ClassesRoot classes;

    public WindowsHostFacts(RegistryReader registry) {
        this(registry, ClassesRoot.windows());
    }

    WindowsHostFacts(RegistryReader registry, ClassesRoot classes) {
        this.registry = registry;
        this.classes = classes;
    }

    @Override
    public Fact<BjcaInstall> bjcaInstall() {
        try {
            for (String key : BJCA_KEYS) {
                Optional<String> path = text(registry.values(key).get("InstallPath")).map(registry::expand);
                Optional<String> version = text(registry.values(key + BJCA_PRODUCT).get("pv"));
                if (path.isPresent() || version.isPresent()) {
                    return Fact.of(new BjcaInstall(path, version));
                }
            }
            return Fact.of(new BjcaInstall(Optional.empty(), Optional.empty()));
        } catch (RegistryReader.RegistryException | RuntimeException e) {
            return Fact.unknown(String.valueOf(e.getMessage()));
        }
    }

    /** Three key lookups at most; any failure (rights, a damaged hive, no Windows) is an unknown fact. */
    @Override
    public Fact<ComRegistration> bjcaComRegistration() {
        try {
            String key = "CLSID\\" + BJCA_CLSID;
            boolean view64 = classes.exists(key, ClassesRoot.View.BIT64);
            boolean view32 = !view64 && classes.exists(key, ClassesRoot.View.BIT32);
            boolean local32 = view32 && classes.exists(key + "\\LocalServer32", ClassesRoot.View.BIT32);
            return Fact.of(ComRegistration.of(view64, view32, local32, view32 && !local32 && surrogate32(key)));
        } catch (RuntimeException | LinkageError e) {
            return Fact.unknown("HKCR\\CLSID\\" + BJCA_CLSID + ": " + e);
        }
    }

    /** The 32-bit class's {@code AppID} names a key with a {@code DllSurrogate} value: COM runs the DLL out of process. */
    private boolean surrogate32(String clsidKey) {
        return classes.text(clsidKey, "AppID", ClassesRoot.View.BIT32)
                .map(appId -> "AppID\\" + appId.strip())
                .flatMap(appKey -> classes.exists(appKey, ClassesRoot.View.BIT32)
                        ? classes.text(appKey, "DllSurrogate", ClassesRoot.View.BIT32) : Optional.empty())
                .isPresent();
    }

    @Override
    public Fact<ServiceStart> serviceStart(String service) {
        try {
            Map<String, Object> values = registry.values(SERVICES + service);
            if (values.get("Start") instanceof Integer start) {
                return ServiceStart.ofRegistry(start).map(Fact::of)
                        .orElseGet(() -> Fact.unknown("Start = " + start));
            }
            return Fact.unknown("service " + service + " is not installed");
        } catch (RegistryReader.RegistryException | RuntimeException e) {
            return Fact.unknown(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public Fact<Boolean> eventLogSourceRegistered() {
        try {
            return Fact.of(registry.subKeys(EVENT_SOURCES).stream().anyMatch(EVENT_SOURCE::equalsIgnoreCase));
        } catch (RegistryReader.RegistryException | RuntimeException e) {
            return Fact.unknown(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public Fact<Boolean> remoteSession() {
        try {
            return Fact.of(User32.INSTANCE.GetSystemMetrics(SM_REMOTESESSION) != 0);
        } catch (RuntimeException | LinkageError e) {
            return Fact.unknown(e.toString());
        }
    }

    @Override
    public Fact<List<PortOwner>> portOwners(int port) {
        try {
            // Both tables: a listener on [::] (Java's default on Windows, dual-stack) takes 127.0.0.1 too
            // but is listed only in the IPv6 one.
            Memory v4 = listeners(AF_INET);
            Memory v6 = listeners(AF_INET6);
            if (v4 == null && v6 == null) {
                return Fact.unknown("GetExtendedTcpTable failed for IPv4 and IPv6");
            }
            List<Integer> pids = new ArrayList<>();
            if (v4 != null) {
                for (IPHlpAPI.MIB_TCPROW_OWNER_PID row : new IPHlpAPI.MIB_TCPTABLE_OWNER_PID(v4).table) {
                    if (hostPort(row.dwLocalPort) == port) {
                        pids.add(row.dwOwningPid);
                    }
                }
            }
            if (v6 != null) {
                for (IPHlpAPI.MIB_TCP6ROW_OWNER_PID row : new IPHlpAPI.MIB_TCP6TABLE_OWNER_PID(v6).table) {
                    if (hostPort(row.dwLocalPort) == port) {
                        pids.add(row.dwOwningPid);
                    }
                }
            }
            List<PortOwner> owners = new ArrayList<>();
            pids.stream().distinct().forEach(pid -> owners.add(new PortOwner(pid, processName(pid))));
            return Fact.of(List.copyOf(owners));
        } catch (RuntimeException | LinkageError e) {
            return Fact.unknown(e.toString());
        }
    }

    /** The listener table of one address family, or null when Windows would not give it. */
    private static Memory listeners(int family) {
        IntByReference size = new IntByReference(0);
        int rc = IPHlpAPI.INSTANCE.GetExtendedTcpTable(null, size, false, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
        Memory buffer = null;
        for (int attempt = 0; attempt < 3 && (rc == ERROR_INSUFFICIENT_BUFFER || buffer == null); attempt++) {
            buffer = new Memory(Math.max(size.getValue(), 4) + 1024L);
            size.setValue((int) buffer.size());
            rc = IPHlpAPI.INSTANCE.GetExtendedTcpTable(buffer, size, false, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
        }
        return rc == 0 ? buffer : null;
    }

    /** The port as the table stores it: network byte order in the low 16 bits. */
    static int hostPort(int dwLocalPort) {
        return ((dwLocalPort & 0xFF) << 8) | ((dwLocalPort >> 8) & 0xFF);
    }

    private static String processName(int pid) {
        try {
            String image = Kernel32Util.QueryFullProcessImageName(pid, 0);
            int slash = image.lastIndexOf('\\');
            return slash < 0 ? image : image.substring(slash + 1);
        } catch (RuntimeException | LinkageError e) {
            return "?"; // another user's or a protected process
        }
    }

    private static Optional<String> text(Object v) {
        return v instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
    }
}
