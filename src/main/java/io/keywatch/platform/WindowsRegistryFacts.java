package io.keywatch.platform;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When Windows was installed on this PC, from the registry.
 *
 * <p>{@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion} holds {@code InstallDate} (REG_DWORD,
 * seconds since 1970) and, on Windows 10, {@code InstallTime} (REG_QWORD FILETIME, more precise).
 * A feature update resets both to the update's date and keeps the earlier values under
 * {@code HKLM\SYSTEM\Setup\Source OS (Updated on ...)}. The diagnosis uses the <em>earliest</em> of
 * them: it must never call a softkey db "carried over from an image" only because Windows was
 * upgraded after BJCA created it.
 */
public final class WindowsRegistryFacts {
    private static final Logger log = LoggerFactory.getLogger(WindowsRegistryFacts.class);

    static final String CURRENT_VERSION = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    static final String SETUP = "SYSTEM\\Setup";
    static final String SOURCE_OS_PREFIX = "Source OS";

    /** FILETIME counts 100 ns ticks from 1601-01-01 UTC. */
    private static final long FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600L;
    /** Earlier than any Windows NT install date can be: such a value is garbage. */
    private static final Instant PLAUSIBLE_FROM = LocalDate.of(1993, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private WindowsRegistryFacts() {
    }

    /** {@code InstallDate}: REG_DWORD seconds since the Unix epoch (unsigned); 0 or implausible means unknown. */
    public static Optional<Instant> fromInstallDate(long regDword) {
        long seconds = regDword & 0xFFFF_FFFFL;
        return plausible(Instant.ofEpochSecond(seconds));
    }

    /** {@code InstallTime}: REG_QWORD FILETIME (100 ns ticks since 1601-01-01 UTC); 0 or implausible means unknown. */
    public static Optional<Instant> fromFileTime(long fileTime) {
        if (fileTime <= 0) {
            return Optional.empty();
        }
        long seconds = Math.floorDiv(fileTime, 10_000_000L) - FILETIME_EPOCH_OFFSET_SECONDS;
        long nanos = Math.floorMod(fileTime, 10_000_000L) * 100L;
        return plausible(Instant.ofEpochSecond(seconds, nanos));
    }

    /**
     * One OS installation's time: the precise {@code InstallTime} when present and sane, else
     * {@code InstallDate}. Arguments are the raw registry values, null when absent.
     */
    public static Optional<Instant> installTime(Long installDateDword, Long installTimeQword) {
        Optional<Instant> precise = installTimeQword == null ? Optional.empty() : fromFileTime(installTimeQword);
        if (precise.isPresent()) {
            return precise;
        }
        return installDateDword == null ? Optional.empty() : fromInstallDate(installDateDword);
    }

    /** The earliest of the current and all earlier (pre-upgrade) installations. */
    public static Optional<Instant> earliest(List<Optional<Instant>> installs) {
        return installs.stream().flatMap(Optional::stream).min(Comparator.naturalOrder());
    }

    /** Reads the registry (Windows only); empty with a log line when nothing usable is there. */
    static Optional<Instant> readOsInstallDate() {
        List<Optional<Instant>> installs = new ArrayList<>();
        try {
            installs.add(read(CURRENT_VERSION));
            String[] setupKeys = Advapi32Util.registryGetKeys(WinReg.HKEY_LOCAL_MACHINE, SETUP);
            Arrays.stream(setupKeys).filter(k -> k.startsWith(SOURCE_OS_PREFIX))
                    .forEach(k -> installs.add(read(SETUP + "\\" + k)));
        } catch (RuntimeException | LinkageError e) {
            log.info("OS install date not readable from the registry: {}", e.toString());
        }
        Optional<Instant> result = earliest(installs);
        if (result.isEmpty()) {
            log.info("OS install date unknown: no usable InstallDate/InstallTime under HKLM\\" + CURRENT_VERSION);
        }
        return result;
    }

    private static Optional<Instant> read(String key) {
        try {
            Long date = null;
            Long time = null;
            if (Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, "InstallDate")) {
                date = (long) Advapi32Util.registryGetIntValue(WinReg.HKEY_LOCAL_MACHINE, key, "InstallDate");
            }
            if (Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, "InstallTime")) {
                time = Advapi32Util.registryGetLongValue(WinReg.HKEY_LOCAL_MACHINE, key, "InstallTime");
            }
            return installTime(date, time);
        } catch (RuntimeException e) {
            log.debug("install time under HKLM\\" + key + " not readable: {}", e.toString());
            return Optional.empty();
        }
    }

    private static Optional<Instant> plausible(Instant t) {
        return t.isBefore(PLAUSIBLE_FROM) ? Optional.empty() : Optional.of(t);
    }
}
