package io.keywatch.platform;

import io.keywatch.core.AppLauncher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Windows: LocalLow known folder, registry install date, HKCU Run autostart, event log.
 * Only Win32 calls live here; the pure logic sits in testable helpers.
 */
public class WindowsPlatform implements Platform {
    private final Path profile = Path.of(System.getProperty("user.home"));

    @Override
    public String name() {
        return "windows";
    }

    @Override
    public Path defaultDataDir() {
        String local = System.getenv("LOCALAPPDATA");
        return (local != null ? Path.of(local) : profile.resolve("AppData/Local")).resolve("KeyWatch");
    }

    @Override
    public Optional<Path> machineConfigFile() {
        String pd = System.getenv("ProgramData");
        return Optional.of((pd != null ? Path.of(pd) : Path.of("C:\\ProgramData")).resolve("KeyWatch\\config.json"));
    }

    @Override
    public Path userConfigFile() {
        String app = System.getenv("APPDATA");
        return (app != null ? Path.of(app) : profile.resolve("AppData/Roaming")).resolve("KeyWatch\\config.json");
    }

    @Override
    public Path defaultBjcaFolder() {
        return profile.resolve("AppData").resolve("LocalLow").resolve("BJCA");
    }

    @Override
    public Optional<Instant> osInstallDate() {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> profileCreated() {
        return GenericPlatform.creationTime(profile);
    }

    @Override
    public AppLauncher launcher() {
        return new ProcessLauncher();
    }

    /** Replaced by the HKCU Run value implementation (see the Windows platform work). */
    @Override
    public Autostart autostart() {
        throw new UnsupportedOperationException("HKCU Run autostart is not implemented yet");
    }
}
