package io.keywatch.platform;

import io.keywatch.core.AppLauncher;
import io.keywatch.core.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows: known folders (LocalLow for BJCA), the registry's install date, the profile folder's NTFS
 * creation time, HKCU Run autostart, the Windows Event Log and a launcher that never elevates.
 * Only Win32 calls live here; the decisions sit in helpers that are unit-tested on any OS.
 * Single instance per session is the tray's business (a loopback channel), not the platform's.
 */
public class WindowsPlatform implements Platform {
    private static final Logger log = LoggerFactory.getLogger(WindowsPlatform.class);

    private final Path profile;

    public WindowsPlatform() {
        this.profile = WindowsKnownFolders.profile().orElse(Path.of(System.getProperty("user.home")));
    }

    @Override
    public String name() {
        return "windows";
    }

    /** {@code %LOCALAPPDATA%\KeyWatch}: logs, quarantine and journal stay on this PC (not roamed). */
    @Override
    public Path defaultDataDir() {
        return WindowsKnownFolders.localAppData().orElse(profile.resolve("AppData").resolve("Local")).resolve("KeyWatch");
    }

    /** {@code %ProgramData%\KeyWatch\config.json}, written by IT (readable by every user). */
    @Override
    public Optional<Path> machineConfigFile() {
        Path pd = WindowsKnownFolders.programData().orElse(Path.of("C:\\ProgramData"));
        return Optional.of(pd.resolve("KeyWatch").resolve("config.json"));
    }

    /** {@code %APPDATA%\KeyWatch\config.json}: follows a roaming user. */
    @Override
    public Path userConfigFile() {
        return WindowsKnownFolders.roamingAppData().orElse(profile.resolve("AppData").resolve("Roaming"))
                .resolve("KeyWatch").resolve("config.json");
    }

    /** {@code FOLDERID_LocalAppDataLow\BJCA}, where BJCA keeps {@code bjca_softkey.db}. */
    @Override
    public Path defaultBjcaFolder() {
        return WindowsKnownFolders.localLow().orElse(profile.resolve("AppData").resolve("LocalLow")).resolve("BJCA");
    }

    @Override
    public Optional<Instant> osInstallDate() {
        return WindowsRegistryFacts.readOsInstallDate();
    }

    /** NTFS records real creation times, so the profile folder's is when this user first logged on here. */
    @Override
    public Optional<Instant> profileCreated() {
        try {
            return Optional.of(Files.readAttributes(profile, BasicFileAttributes.class).creationTime().toInstant());
        } catch (IOException | SecurityException e) {
            log.info("profile folder {} creation time unknown: {}", profile, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public AppLauncher launcher() {
        return new WindowsLauncher();
    }

    @Override
    public AppLauncher launcher(Optional<Path> workingDir) {
        return new WindowsLauncher(workingDir);
    }

    @Override
    public Autostart autostart() {
        return new WindowsRunKeyAutostart();
    }

    @Override
    public Optional<EventLog> eventLog(Messages messages) {
        return WindowsEventLog.open(messages);
    }

    @Override
    public io.keywatch.core.SessionEvents sessionEvents() {
        return new WindowsSessionEvents();
    }
}
