package io.keywatch.platform;

import io.keywatch.core.AppLauncher;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.Messages;
import io.keywatch.core.SessionEvents;
import io.keywatch.core.WatchdogEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What differs per operating system. One implementation is chosen once at start-up by
 * {@link Platforms#current()}; nothing outside this package asks which OS it runs on.
 */
public interface Platform {

    /** {@code windows} or {@code generic}. */
    String name();

    /** KeyWatch's own per-user state: quarantine, journal, logs. */
    Path defaultDataDir();

    /** Machine-wide configuration written by IT, if this OS has a place for it. */
    Optional<Path> machineConfigFile();

    /** Per-user configuration file. */
    Path userConfigFile();

    /** The folder BJCA keeps per-user state in ({@code LocalLow\BJCA} on Windows). */
    Path defaultBjcaFolder();

    /** When this OS was installed, where the platform can tell. */
    Optional<Instant> osInstallDate();

    /** When the current user's profile (home) folder was created, where the platform can tell. */
    Optional<Instant> profileCreated();

    /** Starts programs from an argument list, never through a shell, never elevated. */
    AppLauncher launcher();

    /**
     * The same, starting the program in {@code workingDir} ({@code nursingApp.workingDir}), or in the
     * program's own folder when empty.
     */
    default AppLauncher launcher(Optional<Path> workingDir) {
        return launcher();
    }

    /** Start at login for this user. */
    Autostart autostart();

    /**
     * The operating system's own event log (Windows Event Log, source {@code KeyWatch}) where IT reads
     * check results, resets and restores; empty where the platform has none (logs still get everything).
     * Add it as a watchdog listener; call {@link EventLog#restored} after a restore.
     */
    default Optional<EventLog> eventLog(Messages messages) {
        return Optional.empty();
    }

    /**
     * Resume from sleep and session unlock, after which the watchdog checks again. Not started yet:
     * the tray starts it. {@link SessionEvents#none()} where the platform has no free notification.
     */
    default SessionEvents sessionEvents() {
        return SessionEvents.none();
    }

    /** Records watchdog events for IT. Never throws and never blocks the caller. */
    interface EventLog extends Consumer<WatchdogEvent>, AutoCloseable {
        /** A quarantined db was put back ({@code keywatch restore}, the tray's undo). */
        void restored(JournalEntry entry);

        @Override
        void close();
    }
}
