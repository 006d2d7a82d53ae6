package io.keywatch.platform;

import io.keywatch.core.AppLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;

/** Linux, macOS and anything that is not Windows: XDG folders, best-effort dates. */
public class GenericPlatform implements Platform {
    private final Path home = Path.of(System.getProperty("user.home"));

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public Path defaultDataDir() {
        return xdg("XDG_DATA_HOME", home.resolve(".local/share")).resolve("keywatch");
    }

    @Override
    public Optional<Path> machineConfigFile() {
        return Optional.of(Path.of("/etc/keywatch/config.json"));
    }

    @Override
    public Path userConfigFile() {
        return xdg("XDG_CONFIG_HOME", home.resolve(".config")).resolve("keywatch/config.json");
    }

    /** There is no BJCA on Linux; this is where a simulator or a copied profile would keep it. */
    @Override
    public Path defaultBjcaFolder() {
        return xdg("XDG_DATA_HOME", home.resolve(".local/share")).resolve("BJCA");
    }

    /** The root file system's creation time is the install date where the file system records it. */
    @Override
    public Optional<Instant> osInstallDate() {
        return creationTime(Path.of("/etc/machine-id"));
    }

    @Override
    public Optional<Instant> profileCreated() {
        return creationTime(home);
    }

    @Override
    public AppLauncher launcher() {
        return new ProcessLauncher();
    }

    @Override
    public Autostart autostart() {
        return new XdgAutostart(xdg("XDG_CONFIG_HOME", home.resolve(".config")));
    }

    /**
     * A file's creation time, if the file system really records one. JDK 17 on Linux reports the
     * modification time as creation time when there is no birth time, which would mislead a diagnosis,
     * so equal times are treated as "unknown".
     */
    static Optional<Instant> creationTime(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (a.creationTime().equals(a.lastModifiedTime())) {
                return Optional.empty();
            }
            return Optional.of(a.creationTime().toInstant());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Path xdg(String var, Path fallback) {
        String v = System.getenv(var);
        return v == null || v.isBlank() ? fallback : Path.of(v);
    }
}
