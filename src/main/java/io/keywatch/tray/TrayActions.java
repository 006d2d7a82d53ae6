package io.keywatch.tray;

import io.keywatch.platform.Autostart;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** What the tray menu needs from outside the watchdog; the CLI supplies it. */
public interface TrayActions {

    /** Where the log files are (opened with the desktop's file manager, or named in a balloon). */
    Path logFolder();

    /** Start at login; empty where this platform has none yet (the menu item is then disabled). */
    Optional<Autostart> autostart();

    /** The command line that starts the tray, written into the autostart entry. */
    List<String> autostartCommand();

    /** Shown in "About". */
    String version();

    /** Ends the process; called after the tray has closed itself. */
    void exit();

    /** Runs every doctor check (the "check the environment" window); absent where no doctor is wired. */
    default Optional<Callable<io.keywatch.doctor.DoctorReport>> runDoctor() {
        return Optional.empty();
    }

    /** Writes a diagnostics bundle and returns its path; absent until that feature exists. */
    default Optional<Callable<Path>> exportDiagnostics() {
        return Optional.empty();
    }
}
