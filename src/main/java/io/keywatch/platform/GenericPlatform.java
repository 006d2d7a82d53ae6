package io.keywatch.platform;

import io.keywatch.core.AppLauncher;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Linux, macOS and anything that is not Windows: XDG folders, best-effort dates. */
public class GenericPlatform implements Platform {
    /** Folders an OS installer leaves its logs in, written once during installation (Debian/Ubuntu, Fedora/RHEL). */
    static final List<String> INSTALLER_LOG_DIRS = List.of("var/log/installer", "var/log/anaconda");

    private final Path root;
    private final Path home;
    private final Function<Path, Optional<Instant>> birthTime;

    public GenericPlatform() {
        this(Path.of("/"), Path.of(System.getProperty("user.home")), GenericPlatform::creationTime);
    }

    /** For tests: a fake file system root and home folder, and birth times as the file system would tell. */
    GenericPlatform(Path root, Path home, Function<Path, Optional<Instant>> birthTime) {
        this.root = root;
        this.home = home;
        this.birthTime = birthTime;
    }

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

    /**
     * Best evidence first: the birth time of {@code /etc/machine-id} (written at the first boot of an
     * installation or a freshly deployed image) or of {@code /etc}, where the file system and the JDK
     * record birth times (macOS, BSD; Linux with statx in recent JDK builds); else the newest installer
     * log (written during installation and never again). Unknown rather than a guess: a date that is
     * too late would make a healthy db look carried over, so {@code /etc/hostname} and the like, which
     * change later, are not used.
     */
    @Override
    public Optional<Instant> osInstallDate() {
        Instant notAfter = Instant.now().plus(Duration.ofDays(1));
        Optional<Instant> birth = birthTime.apply(root.resolve("etc/machine-id"))
                .or(() -> birthTime.apply(root.resolve("etc")));
        if (birth.isPresent()) {
            return birth.filter(t -> t.isBefore(notAfter));
        }
        for (String dir : INSTALLER_LOG_DIRS) {
            Optional<Instant> t = newestFileModified(root.resolve(dir)).filter(i -> i.isBefore(notAfter));
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    /** The home folder's birth time, where the file system records one. */
    @Override
    public Optional<Instant> profileCreated() {
        return birthTime.apply(home);
    }

    @Override
    public AppLauncher launcher() {
        return new ProcessLauncher();
    }

    @Override
    public AppLauncher launcher(Optional<Path> workingDir) {
        return new ProcessLauncher(workingDir);
    }

    @Override
    public Autostart autostart() {
        return new XdgAutostart(xdg("XDG_CONFIG_HOME", home.resolve(".config")));
    }

    /** A file's creation time, if the file system really records one; see {@link #creationTime(BasicFileAttributes)}. */
    static Optional<Instant> creationTime(Path p) {
        try {
            return creationTime(Files.readAttributes(p, BasicFileAttributes.class));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The one rule for creation times, used for every file KeyWatch dates. Where there is no birth time
     * the JDK reports either the modification time (JDK 17 without statx) or the epoch (statx on a file
     * system that keeps none reports 0); both would mislead a diagnosis, so both mean "unknown". A real
     * creation time equal to the last write, to the nanosecond (Linux) or 100 ns (NTFS), is practically
     * never seen, and "unknown" never produces a wrong verdict.
     */
    public static Optional<Instant> creationTime(BasicFileAttributes a) {
        if (a instanceof KnownCreationTime known) {
            return Optional.of(known.created());
        }
        FileTime created = a.creationTime();
        if (created == null || created.equals(a.lastModifiedTime()) || created.toMillis() <= 0) {
            return Optional.empty();
        }
        return Optional.of(created.toInstant());
    }

    /** The newest modification time of the regular files directly in {@code dir}; empty when none. */
    static Optional<Instant> newestFileModified(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Instant newest = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    Instant m = a.lastModifiedTime().toInstant();
                    newest = newest == null || m.isAfter(newest) ? m : newest;
                }
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(newest);
    }

    private static Path xdg(String var, Path fallback) {
        String v = System.getenv(var);
        return v == null || v.isBlank() ? fallback : Path.of(v);
    }
}
