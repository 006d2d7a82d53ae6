package io.keywatch.softkey;

import io.keywatch.files.PrivateFolders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import org.slf4j.LoggerFactory;

/**
 * The file operations {@link SoftkeyDb} performs on the db and its quarantined copies, so tests can
 * reproduce what Linux cannot: a Windows sharing violation, a disk filling up mid-copy, a volume
 * boundary ({@link #sameStore} false forces the copy path), a file root can still read, a real
 * creation time, and a process killed at a given step ({@link #step}). Links are never followed.
 */
interface FileOps {

    FileOps SYSTEM = new FileOps() { };

    /** Attributes of the entry itself (a link is reported as a link). */
    default BasicFileAttributes readAttributes(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    default FileChannel openRead(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * A new file, readable by its owner only on POSIX ({@code 0600}; the caller then gives it the
     * original's mode); on Windows it inherits its folder's ACL. Fails when something is already there.
     */
    default FileChannel createNew(Path p) throws IOException {
        FileAttribute<?>[] ownerOnly = PrivateFolders.ownerOnlyFile(p);
        return FileChannel.open(p, java.util.Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS), ownerOnly);
    }

    /** Whether a rename can carry a file from one folder to the other (same volume / file store). */
    default boolean sameStore(Path dirA, Path dirB) {
        try {
            return Files.getFileStore(dirA).equals(Files.getFileStore(dirB));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * A rename within one store. Without options the JDK refuses an existing target (ATOMIC_MOVE would
     * silently replace it, on Linux and on Windows) and does one {@code rename}/{@code MoveFileEx}.
     */
    default void rename(Path source, Path target) throws IOException {
        Files.move(source, target);
    }

    default void delete(Path p) throws IOException {
        Files.delete(p);
    }

    /**
     * Makes the folder's entries (a created, renamed or removed name) durable: {@code fsync} on the
     * directory on POSIX. Windows cannot open a folder this way and NTFS journals its metadata; there
     * (and on a file system that refuses) this is a no-op.
     */
    default void forceDirectory(Path dir) {
        if (!PrivateFolders.isPosix(dir)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LoggerFactory.getLogger(FileOps.class).debug("cannot fsync the folder {}: {}", dir, e.toString());
        }
    }

    /**
     * A reset or restore reached {@code name} (see {@link JournalledMove}'s step names). A no-op; a
     * test's child process overrides it to announce the step and wait there to be killed.
     */
    default void step(String name) {
    }
}
