package io.keywatch.platform;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Facts about this PC that only the operating system knows and the doctor needs: BJCA's install and
 * its COM registration, a service's start type, a remote session, which process holds a port, KeyWatch's Event Log source.
 * Every method answers at once and never throws: what this OS has no notion of is
 * {@link Fact#notApplicable()}, what could not be read is {@link Fact#unknown(String)}.
 */
public interface HostFacts {

    /** A fact, or why there is none. */
    record Fact<T>(Optional<T> value, boolean applicable, Optional<String> problem) {
        public static <T> Fact<T> of(T value) {
            return new Fact<>(Optional.of(value), true, Optional.empty());
        }

        public static <T> Fact<T> notApplicable() {
            return new Fact<>(Optional.empty(), false, Optional.empty());
        }

        public static <T> Fact<T> unknown(String problem) {
            return new Fact<>(Optional.empty(), true, Optional.of(problem));
        }
    }

    /** Where BJCA's client is installed ({@code InstallPath}) and its product version ({@code pv}), as far as known. */
    record BjcaInstall(Optional<String> path, Optional<String> version) { }

    /** A process listening on a local TCP port. */
    record PortOwner(long pid, String process) { }

    /** How a Windows service starts ({@code Start} value of its registry key). */
    enum ServiceStart {
        BOOT, SYSTEM, AUTOMATIC, MANUAL, DISABLED;

        public static Optional<ServiceStart> ofRegistry(int start) {
            return start >= 0 && start < values().length ? Optional.of(values()[start]) : Optional.empty();
        }

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How BJCA's COM class {@code XTXAppCOM.XTXApp} is registered, as 64-bit KeyWatch sees it. Old
     * clients may register only the x86 {@code XTXAppCOM.dll} ({@code HKCR\WOW6432Node\CLSID\{3F367B74-…}},
     * no 64-bit {@code HKCR\CLSID} entry), which a 64-bit process cannot load in-process.
     */
    enum ComRegistration {
        /** In the 64-bit view: the COM bridge can create it. */
        REGISTERED,
        /**
         * Only in the 32-bit view, as an EXE server ({@code LocalServer32}) or a DLL in a surrogate
         * ({@code AppID} with {@code DllSurrogate}): COM runs it out of process; usable.
         */
        ONLY_32_BIT_LOCAL_SERVER,
        /** Only in the 32-bit view, as a DLL: 64-bit KeyWatch cannot use it; only the WebSocket/HTTP bridges remain. */
        ONLY_32_BIT,
        /** In neither view: no COM component (newer clients may offer only the local service). */
        NOT_REGISTERED;

        /**
         * The state from the CLSID key in each view and whether the 32-bit one names an EXE server or a
         * surrogate for its DLL (as {@code bjca.com.BjcaComRegistration} decides for the bridge).
         */
        public static ComRegistration of(boolean view64, boolean view32, boolean localServer32, boolean surrogate32) {
            if (view64) {
                return REGISTERED;
            }
            if (view32) {
                return localServer32 || surrogate32 ? ONLY_32_BIT_LOCAL_SERVER : ONLY_32_BIT;
            }
            return NOT_REGISTERED;
        }
    }

    /** BJCA's install; a value without path or version means BJCA is not installed. */
    Fact<BjcaInstall> bjcaInstall();

    /** BJCA's COM registration (Windows): a few registry key lookups, nothing is created or loaded. */
    Fact<ComRegistration> bjcaComRegistration();

    /** How the named service starts; unknown when it is not installed. */
    Fact<ServiceStart> serviceStart(String service);

    /** True in a remote (RDP, thin-client) session: USB keys are then on the terminal. */
    Fact<Boolean> remoteSession();

    /** The processes listening on TCP {@code port} (any local address); an empty list: nobody. */
    Fact<List<PortOwner>> portOwners(int port);

    /** Whether the Event Log source {@code KeyWatch} is registered (Windows). */
    Fact<Boolean> eventLogSourceRegistered();

    /** The facts for this machine: the Windows adapter on Windows, {@code /proc} elsewhere. */
    static HostFacts forThisMachine() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return RegistryReader.forThisMachine().<HostFacts>map(WindowsHostFacts::new)
                    .orElseGet(ProcHostFacts::new);
        }
        return new ProcHostFacts();
    }
}
