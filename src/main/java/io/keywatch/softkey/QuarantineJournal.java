package io.keywatch.softkey;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.JournalEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine's journal: one JSON object per line, appended only. A reset appends a {@code MOVED}
 * record with everything needed to undo it; a restore appends a {@code RESTORED} record naming the id.
 * Reading folds the records into one {@link JournalEntry} per reset, oldest first. A damaged line is
 * skipped with a warning naming the file and line; it never makes the journal unreadable.
 *
 * <p>Every change to the quarantine happens inside {@link #exclusively}: a lock per quarantine folder
 * within this JVM (threads) and a {@link FileLock} on {@code journal.lock} across processes (the
 * tray and a {@code keywatch reset} from a script at the same moment).
 */
final class QuarantineJournal {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineJournal.class);
    static final String FILE_NAME = "journal.jsonl";
    static final String LOCK_FILE_NAME = "journal.lock";
    private static final String EVENT_MOVED = JournalEntry.MOVED;
    private static final String EVENT_RESTORED = JournalEntry.RESTORED;
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
            Files.createDirectories(folder);
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

    void appendMoved(JournalEntry e) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("event", EVENT_MOVED);
        r.put("id", e.id());
        r.put("originalPath", e.originalPath());
        r.put("quarantinePath", e.quarantinePath());
        r.put("size", e.size());
        e.created().ifPresent(t -> r.put("created", t.toString()));
        e.modified().ifPresent(t -> r.put("modified", t.toString()));
        r.put("sha256", e.sha256());
        r.put("reason", e.reason());
        r.put("movedAt", e.movedAt().toString());
        append(r);
    }

    void appendRestored(String id, Instant at) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("event", EVENT_RESTORED);
        r.put("id", id);
        r.put("restoredAt", at.toString());
        append(r);
    }

    /** Appends one line and forces it to disk. A line left unfinished by a crash is closed first. */
    private void append(Map<String, Object> record) throws IOException {
        assert threadLock.isHeldByCurrentThread();
        byte[] line = (JSON.std.asString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = ch.size();
            ByteBuffer last = ByteBuffer.allocate(1);
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
    }

    /** All resets, oldest first, each with its current outcome. Call inside {@link #exclusively}. */
    List<JournalEntry> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Map<String, JournalEntry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                fold(entries, JSON.std.mapFrom(line));
            } catch (IOException | RuntimeException e) {
                if (WARNED.add(file + ":" + (i + 1) + ":" + line.hashCode())) {
                    LOG.warn("Skipping line {} of the quarantine journal {}: {}. Expected one JSON object per line "
                            + "with event MOVED or RESTORED.", i + 1, file, firstLine(e.getMessage()));
                }
            }
        }
        return new ArrayList<>(entries.values());
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static void fold(Map<String, JournalEntry> entries, Map<String, Object> r) {
        String event = text(r, "event");
        String id = text(r, "id");
        if (EVENT_MOVED.equals(event)) {
            if (entries.containsKey(id)) {
                throw new IllegalArgumentException("a second MOVED record for id " + id);
            }
            Object size = r.get("size");
            if (!(size instanceof Number n)) {
                throw new IllegalArgumentException("size is missing or not a number");
            }
            entries.put(id, new JournalEntry(id, text(r, "originalPath"), text(r, "quarantinePath"), n.longValue(),
                    optionalInstant(r, "created"), optionalInstant(r, "modified"), text(r, "sha256"),
                    text(r, "reason"), instant(r, "movedAt"), JournalEntry.MOVED, Optional.empty()));
        } else if (EVENT_RESTORED.equals(event)) {
            JournalEntry e = entries.get(id);
            if (e == null || !e.restorable()) {
                throw new IllegalArgumentException("RESTORED record for " + (e == null ? "unknown" : "already restored")
                        + " id " + id);
            }
            Instant at = instant(r, "restoredAt");
            entries.put(id, new JournalEntry(e.id(), e.originalPath(), e.quarantinePath(), e.size(), e.created(),
                    e.modified(), e.sha256(), e.reason(), e.movedAt(), JournalEntry.RESTORED, Optional.of(at)));
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
    }

    private static String text(Map<String, Object> r, String key) {
        Object v = r.get(key);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(key + " is missing or not text");
        }
        return s;
    }

    private static Instant instant(Map<String, Object> r, String key) {
        try {
            return Instant.parse(text(r, key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is not an ISO-8601 instant: " + r.get(key), e);
        }
    }

    private static Optional<Instant> optionalInstant(Map<String, Object> r, String key) {
        return r.get(key) == null ? Optional.empty() : Optional.of(instant(r, key));
    }
}
