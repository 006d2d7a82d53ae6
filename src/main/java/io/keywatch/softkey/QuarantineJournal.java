package io.keywatch.softkey;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.files.PrivateFolders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine's journal: one JSON object per line, appended only and forced to disk at each record
 * (the records are described in {@link JournalState}). Reading folds them into one entry per reset,
 * oldest first, plus the intents an interrupted reset or restore left open. It reads bytes, line by
 * line: a damaged line (not UTF-8, not JSON, not a record that fits) is skipped with a warning naming
 * the file and line; it never makes the journal unreadable.
 *
 * <p>Every change to the quarantine happens inside {@link #exclusively}: a lock per quarantine folder
 * within this JVM (threads) and a {@link FileLock} on {@code journal.lock} across processes (the
 * tray and a {@code keywatch reset} from a script at the same moment).
 */
final class QuarantineJournal {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineJournal.class);
    static final String FILE_NAME = "journal.jsonl";
    static final String LOCK_FILE_NAME = "journal.lock";
    /** A file lock is held for milliseconds; waiting longer means another process hangs. */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    /** Each damaged line is reported once per process, not at every read. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final Path file;
    private final Path lockFile;
    private final ReentrantLock threadLock;

    QuarantineJournal(Path quarantineFolder) {
        this.folder = quarantineFolder.toAbsolutePath().normalize();
        this.file = folder.resolve(FILE_NAME);
        this.lockFile = folder.resolve(LOCK_FILE_NAME);
        this.threadLock = IN_PROCESS.computeIfAbsent(folder, f -> new ReentrantLock());
    }

    Path file() {
        return file;
    }

    Path folder() {
        return folder;
    }

    interface Action<T, E extends Exception> {
        T run() throws E, IOException;
    }

    /**
     * Runs {@code action} holding both locks. Re-entrant within a thread (a restore may reset a fresh db
     * first). Fails with an {@link IOException} when the locks cannot be had within {@link #LOCK_TIMEOUT}.
     */
    <T, E extends Exception> T exclusively(Action<T, E> action) throws E, IOException {
        try {
            if (!threadLock.tryLock(LOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("quarantine " + folder + " is busy in this process for more than " + LOCK_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the quarantine lock", e);
        }
        try {
            if (threadLock.getHoldCount() > 1) {
                return action.run();
            }
            PrivateFolders.create(folder.getParent()); // KeyWatch's data folder
            PrivateFolders.create(folder);
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = acquire(ch)) {
                return action.run();
            }
        } finally {
            threadLock.unlock();
        }
    }

    /** Polls instead of blocking: {@link FileChannel#lock()} has no timeout. */
    private FileLock acquire(FileChannel ch) throws IOException {
        long deadline = System.nanoTime() + LOCK_TIMEOUT.toNanos();
        long pauseMillis = 1;
        while (true) {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("quarantine " + folder + " is locked by another process for more than " + LOCK_TIMEOUT);
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the quarantine lock", e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    void append(Map<String, Object> record) throws IOException {
        assert threadLock.isHeldByCurrentThread();
        byte[] line = (JSON.std.asString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel ch = created ? FileOps.SYSTEM.createNew(file) : FileChannel.open(file,
                StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long end = ch.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            // A line left unfinished by a crash is closed first, so it cannot swallow this record.
            boolean unfinished = end > 0 && ch.read(last, end - 1) == 1 && last.get(0) != '\n';
            ByteBuffer buf = ByteBuffer.allocate(line.length + 1);
            if (unfinished) {
                buf.put((byte) '\n');
            }
            buf.put(line).flip();
            long pos = end;
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
            ch.force(true);
        }
        if (created) {
            // The new journal's name, and the quarantine folder's own, must survive a power loss too.
            FileOps.SYSTEM.forceDirectory(folder);
            FileOps.SYSTEM.forceDirectory(folder.getParent());
        }
    }

    /** The journal as it stands. Call inside {@link #exclusively}: damaged lines are reported once. */
    JournalState read() throws IOException {
        return read(true);
    }

    /**
     * Reads the journal line by line as bytes: a line that is not valid UTF-8 or not a record that
     * fits is skipped, with a warning naming the file and the line when {@code warn} (a look outside
     * the lock may see another process's line half written, so it stays quiet).
     */
    JournalState read(boolean warn) throws IOException {
        JournalState state = new JournalState();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return state;
        }
        int lineNo = 0;
        for (int start = 0; start < bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNo++;
            int len = end - start;
            if (len > 0 && bytes[start + len - 1] == '\r') {
                len--;
            }
            try {
                String line = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, start, len)).toString();
                if (!line.isBlank()) {
                    state.apply(JSON.std.mapFrom(line));
                }
            } catch (CharacterCodingException e) {
                skipped(warn, lineNo, bytes, start, len, "not valid UTF-8 (a torn or damaged write)");
            } catch (IOException | RuntimeException e) {
                skipped(warn, lineNo, bytes, start, len, firstLine(e.getMessage()));
            }
            start = end + 1;
        }
        return state;
    }

    private void skipped(boolean warn, int lineNo, byte[] bytes, int start, int len, String why) {
        if (warn && WARNED.add(file + ":" + lineNo + ":" + Arrays.hashCode(Arrays.copyOfRange(bytes, start, start + len)))) {
            LOG.warn("Skipping line {} of the quarantine journal {}: {}. Expected one JSON object per line with "
                    + "event INTENT, MOVED, ABORTED, RESTORE_INTENT, RESTORED or RESTORE_ABORTED; every other "
                    + "entry stays restorable.", lineNo, file, why);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
