package io.keywatch.softkey;

import static io.keywatch.softkey.Refusals.describe;
import static io.keywatch.softkey.Refusals.refusal;

import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import io.keywatch.files.PrivateFolders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one file to a name that must not exist yet, durably. Within one volume: one rename, then the
 * folders are forced to disk. Across volumes: a copy to {@link #partialOf a temporary name} next to
 * the target (created {@code 0600}), forced to disk and its digest verified, given the original's
 * permissions and times, renamed to the target, and only then the original removed. On failure the
 * source is untouched and no partial copy is left. Each step is announced to {@link FileOps#step}
 * as {@code <prefix>.copying}, {@code .copied}, {@code .renamed} and {@code .source-removed}.
 */
final class FileTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(FileTransfer.class);
    private final FileOps ops;

    FileTransfer(FileOps ops) {
        this.ops = ops;
    }

    /** Where a copy to {@code target} is written before it is complete: found again by recovery. */
    static Path partialOf(Path target, String id) {
        return target.resolveSibling(target.getFileName() + "." + id + ".partial");
    }

    void move(Path source, Path target, String id, FileFacts.Digest digest, Instant modified,
              Optional<Instant> created, String prefix) throws SoftkeyException {
        if (ops.sameStore(source.getParent(), target.getParent())) {
            try {
                ops.rename(source, target);
            } catch (IOException e) {
                throw refusal(e, e instanceof FileAlreadyExistsException ? target : source);
            }
            ops.forceDirectory(target.getParent());
            ops.forceDirectory(source.getParent());
            ops.step(prefix + ".renamed");
            return;
        }
        Path partial = partialOf(target, id);
        Optional<Set<PosixFilePermission>> mode = posixMode(source);
        copy(source, partial, digest, prefix);
        mode.ifPresent(m -> setMode(partial, m));
        if (modified != null) {
            setTimes(partial, modified, created);
        }
        try {
            ops.rename(partial, target);
        } catch (IOException e) {
            deletePartialCopy(partial);
            throw refusal(e, e instanceof FileAlreadyExistsException ? target : source);
        }
        ops.forceDirectory(target.getParent());
        ops.step(prefix + ".renamed");
        try {
            ops.delete(source);
        } catch (IOException e) {
            deletePartialCopy(target);
            throw refusal(e, source);
        }
        ops.forceDirectory(source.getParent());
        ops.step(prefix + ".source-removed");
    }

    private void copy(Path source, Path partial, FileFacts.Digest digest, String prefix) throws SoftkeyException {
        try (FileChannel in = ops.openRead(source); FileChannel out = ops.createNew(partial)) {
            FileFacts.Digest copied;
            try {
                copied = FileFacts.sha256(in, Optional.of(announcingFirstWrite(out, prefix + ".copying")));
                out.force(true);
            } catch (IOException e) {
                throw new IOException("copying to " + partial + " failed: " + describe(e), e);
            }
            if (!copied.equals(digest)) {
                throw new SoftkeyException(Reason.IO, source + " changed while it was being copied to " + partial
                        + "; the original is left as it is");
            }
        } catch (FileAlreadyExistsException e) {
            throw refusal(e, partial); // not ours (recovery removes our own): leave it
        } catch (SoftkeyException e) {
            deletePartialCopy(partial);
            throw e;
        } catch (IOException e) {
            deletePartialCopy(partial);
            throw refusal(e, source);
        }
        ops.forceDirectory(partial.getParent());
        ops.step(prefix + ".copied");
    }

    /** Announces {@code step} once the first block is written: a copy cut off there is a partial copy. */
    private WritableByteChannel announcingFirstWrite(FileChannel out, String step) {
        return new WritableByteChannel() {
            private boolean announced;

            @Override
            public int write(ByteBuffer src) throws IOException {
                int n = out.write(src);
                if (!announced) {
                    announced = true;
                    out.force(true);
                    ops.step(step);
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return out.isOpen();
            }

            @Override
            public void close() {
                // the caller closes the real channel
            }
        };
    }

    private static Optional<Set<PosixFilePermission>> posixMode(Path p) {
        if (!PrivateFolders.isPosix(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot read the permissions of {}; the copy stays readable by its owner only: {}", p,
                    e.toString());
            return Optional.empty();
        }
    }

    private static void setMode(Path p, Set<PosixFilePermission> mode) {
        try {
            Files.setPosixFilePermissions(p, mode);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("could not give {} the original's permissions; it stays readable by its owner only: {}", p,
                    e.toString());
        }
    }

    void deletePartialCopy(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            LOG.warn("could not remove the partial copy {}: {}", target, e.toString());
        }
    }

    /** Best effort: Linux keeps no creation time, and a file system may refuse either. */
    static void setTimes(Path p, Instant modified, Optional<Instant> created) {
        try {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(modified), null, created.map(FileTime::from).orElse(null));
        } catch (IOException e) {
            LOG.warn("could not set the original times on {}: {}", p, e.toString());
        }
    }
}
