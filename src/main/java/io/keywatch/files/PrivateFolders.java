package io.keywatch.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KeyWatch's folders (the data folder, {@code logs/}, {@code diagnostics/}, {@code quarantine/} and each
 * quarantine entry) are private to the user: the quarantine may hold the only copy of a nurse's
 * {@code bjca_softkey.db}, and the logs and diagnostics name the PC, its users and their keys.
 *
 * <p>On POSIX they are created {@code 0700}, and one KeyWatch finds wider (made by an older version,
 * or by hand) is narrowed to {@code 0700} when the user owns it; a folder someone else owns is left
 * alone with a warning. On Windows nothing is set: a folder created in {@code %LOCALAPPDATA%} inherits
 * its ACL (the user, SYSTEM and Administrators), and KeyWatch has no code that writes an ACL, so it can
 * never be widened by KeyWatch. Files: {@link #ownerOnlyFile} (the softkey package's {@code FileOps}).
 */
public final class PrivateFolders {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFolders.class);
    public static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFolders() {
    }

    /** Whether {@code p}'s file system has POSIX modes (where the folders get {@code 0700}). */
    public static boolean isPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The folder, created (with its missing parents, which get the usual mode) and private to the user. */
    public static Path create(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        try {
            if (isPosix(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            } else {
                Files.createDirectory(dir);
            }
            return dir;
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            tighten(dir);
            return dir;
        }
    }

    /**
     * KeyWatch's {@code root} (its data folder) and every folder from it down to {@code dir} (e.g.
     * {@code logs}), each created or narrowed as by {@link #create}; {@code dir} must be inside {@code root}.
     */
    public static Path createTree(Path root, Path dir) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        if (!d.startsWith(r)) {
            throw new IllegalArgumentException(dir + " is not inside " + root);
        }
        Path at = create(r);
        for (Path part : r.relativize(d)) {
            if (!part.toString().isEmpty()) {
                at = create(at.resolve(part));
            }
        }
        return dir;
    }

    /**
     * A folder someone chose (e.g. {@code diagnose --out}): every folder of it that is missing is created
     * private; the ones that exist are left exactly as they are (narrowing a user's Desktop is not ours).
     */
    public static Path createMissing(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(d)) {
            return dir;
        }
        Path parent = d.getParent();
        if (parent != null) {
            createMissing(parent);
        }
        try {
            createNew(d);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(d)) {
                throw e;
            }
        }
        return dir;
    }

    /** A new folder that must not exist yet (a quarantine entry), private to the user. */
    public static Path createNew(Path dir) throws IOException {
        return isPosix(dir) ? Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER))
                : Files.createDirectory(dir);
    }

    /**
     * Narrows an existing folder the user owns to {@code 0700} on POSIX; true when it was wider. Absent
     * folders, Windows, and folders owned by someone else are left as they are (the latter with a warning).
     */
    public static boolean tighten(Path dir) {
        if (!isPosix(dir)) {
            return false;
        }
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || a.permissions().stream().noneMatch(OTHERS::contains)) {
                return false;
            }
            if (!a.owner().equals(currentUser(dir))) {
                LOG.warn("{} is readable by other users ({}) but belongs to {}; KeyWatch leaves it as it is",
                        dir, PosixFilePermissions.toString(a.permissions()), a.owner().getName());
                return false;
            }
            Files.setPosixFilePermissions(dir, OWNER_ONLY_FOLDER);
            LOG.info("{} was readable by other users ({}); it is now private (rwx------)", dir,
                    PosixFilePermissions.toString(a.permissions()));
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.warn("could not make {} private: {}", dir, e.toString());
            return false;
        }
    }

    /** {@code 0600} at creation on POSIX; nothing (the folder's inherited ACL) elsewhere. */
    public static FileAttribute<?>[] ownerOnlyFile(Path p) {
        return isPosix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    private static UserPrincipal currentUser(Path p) throws IOException {
        return p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    }
}
