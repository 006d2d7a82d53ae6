package io.keywatch.softkey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Facts about one file system entry, read without following links, and its content digest. */
final class FileFacts {
    /** {@code FILE_ATTRIBUTE_REPARSE_POINT}: junctions, mount points, symbolic links and cloud placeholders. */
    static final int REPARSE_POINT = 0x400;

    private FileFacts() {
    }

    /**
     * Why this entry must not be touched as the db, or empty for a plain regular file: a symbolic
     * link, a Windows reparse point (junction, mount point), a directory or a device.
     */
    static Optional<String> notRegularFile(Path path, BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return Optional.of(path + " is a symbolic link");
        }
        if (isReparsePoint(path, a)) {
            return Optional.of(path + " is a junction or other reparse point");
        }
        if (a.isDirectory()) {
            return Optional.of(path + " is a directory, not a file");
        }
        if (!a.isRegularFile()) {
            return Optional.of(path + " is not a regular file (device, pipe or socket)");
        }
        return Optional.empty();
    }

    /** Why a folder on the way to the db must not be trusted, or empty for a plain directory. */
    static Optional<String> notPlainDirectory(Path path, BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return Optional.of(path + " is a symbolic link");
        }
        if (isReparsePoint(path, a)) {
            return Optional.of(path + " is a junction or other reparse point");
        }
        if (!a.isDirectory()) {
            return Optional.of(path + " is not a directory");
        }
        return Optional.empty();
    }

    /**
     * The JDK reports a junction as a directory that is also "other"; the DOS attributes (only where
     * the attributes are DOS attributes, i.e. on Windows) name every kind of reparse point.
     */
    static boolean isReparsePoint(Path path, BasicFileAttributes a) {
        if (a.isOther() && a.isDirectory()) {
            return true;
        }
        if (a instanceof DosFileAttributes) {
            try {
                Object bits = Files.getAttribute(path, "dos:attributes", LinkOption.NOFOLLOW_LINKS);
                return bits instanceof Integer i && (i & REPARSE_POINT) != 0;
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    /** The SHA-256 of everything left to read in {@code in}, optionally writing the bytes to {@code copy}. */
    static Digest sha256(FileChannel in, Optional<WritableByteChannel> copy) throws IOException {
        MessageDigest md = newSha256();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long size = 0;
        while (in.read(buf) >= 0) {
            buf.flip();
            size += buf.remaining();
            md.update(buf.duplicate());
            if (copy.isPresent()) {
                while (buf.hasRemaining()) {
                    copy.get().write(buf);
                }
            }
            buf.clear();
        }
        return new Digest(HexFormat.of().formatHex(md.digest()), size);
    }

    /** A content digest and the number of bytes it covers. */
    record Digest(String sha256, long size) {
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
