package io.keywatch.softkey;

import static io.keywatch.softkey.Refusals.refusal;

import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The checks made before a db is touched: it and every folder from the BJCA folder down to it are
 * plain (no symbolic link, junction or other reparse point; links are never followed), its real path
 * lies inside the BJCA folder, and no other program holds it locked.
 */
final class DbGuard {
    private final Path bjcaFolder;
    private final FileOps ops;

    DbGuard(Path bjcaFolder, FileOps ops) {
        this.bjcaFolder = bjcaFolder;
        this.ops = ops;
    }

    /**
     * The db's path and every folder from the BJCA folder down to it must be plain and inside the BJCA
     * folder, also after resolving real paths (a junction the JDK does not report as a link).
     */
    void requireSafeLocation(Path file) throws SoftkeyException {
        if (!file.startsWith(bjcaFolder) || file.equals(bjcaFolder)) {
            throw new SoftkeyException(Reason.OUTSIDE_BJCA_FOLDER, file + " is not inside the BJCA folder "
                    + bjcaFolder);
        }
        Path dir = bjcaFolder;
        Path parent = file.getParent();
        while (true) {
            try {
                Optional<String> problem = FileFacts.notPlainDirectory(dir, ops.readAttributes(dir));
                if (problem.isPresent()) {
                    throw new SoftkeyException(Reason.NOT_A_REGULAR_FILE, problem.get()
                            + "; the way to the db must not pass through links");
                }
            } catch (IOException e) {
                throw refusal(e, dir);
            }
            if (dir.equals(parent)) {
                break;
            }
            dir = dir.resolve(parent.getName(dir.getNameCount()));
        }
        try {
            Path realFolder = bjcaFolder.toRealPath();
            Path realParent = parent.toRealPath();
            if (!realParent.equals(realFolder.resolve(bjcaFolder.relativize(parent)))) {
                throw new SoftkeyException(Reason.OUTSIDE_BJCA_FOLDER, file + " really lies in " + realParent
                        + ", not inside the BJCA folder " + realFolder);
            }
        } catch (IOException e) {
            throw refusal(e, parent);
        }
    }

    BasicFileAttributes regularFileAttributes(Path file) throws SoftkeyException {
        BasicFileAttributes a;
        try {
            a = ops.readAttributes(file);
        } catch (IOException e) {
            throw refusal(e, file);
        }
        Optional<String> problem = FileFacts.notRegularFile(file, a);
        if (problem.isPresent()) {
            throw new SoftkeyException(Reason.NOT_A_REGULAR_FILE, problem.get() + "; it is left as it is");
        }
        return a;
    }

    /**
     * The content digest, read under a shared lock: a program holding an exclusive lock on the db
     * (the only kind of lock visible on Linux) makes this a {@code LOCKED} refusal.
     */
    FileFacts.Digest digestUnlessLocked(Path file) throws SoftkeyException {
        try (FileChannel in = ops.openRead(file)) {
            FileLock lock = tryShareLock(in);
            if (lock == null) {
                throw new SoftkeyException(Reason.LOCKED, file + " is locked by another program (BJCA or the "
                        + "nursing app); close it and try again. Nothing was changed.");
            }
            try (lock) {
                return FileFacts.sha256(in, Optional.empty());
            }
        } catch (IOException e) {
            throw refusal(e, file);
        }
    }

    /** Null when another program (or another channel in this JVM) holds an exclusive lock. */
    private static FileLock tryShareLock(FileChannel in) throws IOException {
        try {
            return in.tryLock(0, Long.MAX_VALUE, true);
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
