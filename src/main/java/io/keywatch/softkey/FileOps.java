package io.keywatch.softkey;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The file operations {@link SoftkeyDb} performs on the db and its quarantined copies, so tests can
 * reproduce what Linux cannot: a Windows sharing violation, a disk filling up mid-copy, a volume
 * boundary, a file root can still read, a real creation time. Links are never followed.
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

    /** A new file; fails when something is already there. */
    default FileChannel createNew(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
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
}
