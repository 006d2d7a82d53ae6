package io.keywatch.platform;

import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.KnownFolders;
import com.sun.jna.platform.win32.Shell32Util;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows known folders through {@code SHGetKnownFolderPath}: the only reliable source, since folder
 * redirection and roaming profiles move them away from {@code %USERPROFILE%\AppData\...}.
 * {@code LocalLow} has no environment variable at all.
 */
final class WindowsKnownFolders {
    private static final Logger log = LoggerFactory.getLogger(WindowsKnownFolders.class);

    private WindowsKnownFolders() {
    }

    static Optional<Path> localLow() {
        return get(KnownFolders.FOLDERID_LocalAppDataLow, "LocalAppDataLow");
    }

    static Optional<Path> localAppData() {
        return get(KnownFolders.FOLDERID_LocalAppData, "LocalAppData");
    }

    static Optional<Path> roamingAppData() {
        return get(KnownFolders.FOLDERID_RoamingAppData, "RoamingAppData");
    }

    static Optional<Path> programData() {
        return get(KnownFolders.FOLDERID_ProgramData, "ProgramData");
    }

    static Optional<Path> profile() {
        return get(KnownFolders.FOLDERID_Profile, "Profile");
    }

    private static Optional<Path> get(Guid.GUID id, String name) {
        try {
            String p = Shell32Util.getKnownFolderPath(id);
            return p == null || p.isBlank() ? Optional.empty() : Optional.of(Path.of(p));
        } catch (RuntimeException | LinkageError e) {
            log.warn("known folder {} not available, using the conventional path: {}", name, e.toString());
            return Optional.empty();
        }
    }
}
