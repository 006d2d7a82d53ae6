package io.keywatch.platform;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Facts about this PC that only the operating system knows and the doctor needs: BJCA's install,
 * a service's start type, a remote session, which process holds a port, KeyWatch's Event Log source.
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

    /** BJCA's install; a value without path or version means BJCA is not installed. */
    Fact<BjcaInstall> bjcaInstall();

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
