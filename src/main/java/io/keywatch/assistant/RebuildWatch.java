package io.keywatch.assistant;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, without polling, for a sign that BJCA rebuilt its environment: a {@code bjca_softkey.db}
 * created or written in the BJCA folder (a {@link WatchService} on that folder), or the assistant's end
 * (its exit future closes the watch service, which wakes the waiting thread). Open it before the
 * assistant starts so nothing it writes is missed; close it when done.
 */
final class RebuildWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RebuildWatch.class);

    /** What ended a wait. */
    enum Sign { DB_APPEARED, ASSISTANT_EXITED, TIMEOUT }

    private final Path db;
    private final WatchService service;
    private final AtomicBoolean exited = new AtomicBoolean();

    private RebuildWatch(Path db, WatchService service) {
        this.db = db;
        this.service = service;
    }

    /**
     * Watches {@code db}'s folder. Without a folder to watch (it does not exist, the file system cannot
     * watch) only the assistant's end and the time limit can end a wait; the log says so.
     */
    static RebuildWatch open(Path db) {
        Path folder = db.toAbsolutePath().getParent();
        WatchService service = null;
        try {
            service = folder.getFileSystem().newWatchService();
            folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot watch {} for a fresh {}: {}; waiting for the assistant to end instead", folder,
                    db.getFileName(), e.toString());
            closeQuietly(service);
            service = null;
        }
        return new RebuildWatch(db.toAbsolutePath(), service);
    }

    /** From now on, the assistant's end (normal or not) ends the current and every later wait. */
    void endWhen(CompletableFuture<?> assistantExit) {
        assistantExit.whenComplete((v, e) -> {
            exited.set(true);
            closeQuietly(service);
            synchronized (this) {
                notifyAll();
            }
        });
    }

    /**
     * Blocks until the db is written, the assistant ends or {@code limit} has passed. A db already there
     * when the wait starts counts as written (it came between the re-check and the watch).
     */
    Sign await(Duration limit, boolean dbPresentCounts) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        if (dbPresentCounts && Files.exists(db)) {
            return Sign.DB_APPEARED;
        }
        while (true) {
            if (exited.get()) {
                return Sign.ASSISTANT_EXITED;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Sign.TIMEOUT;
            }
            if (service == null) {
                synchronized (this) {
                    if (!exited.get()) {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                }
                continue;
            }
            WatchKey key;
            try {
                key = service.poll(left, TimeUnit.NANOSECONDS);
            } catch (ClosedWatchServiceException e) {
                return exited.get() ? Sign.ASSISTANT_EXITED : Sign.TIMEOUT;
            }
            if (key == null) {
                continue; // the deadline passed: the loop says so
            }
            boolean written = false;
            for (WatchEvent<?> ev : key.pollEvents()) {
                if (ev.kind() == StandardWatchEventKinds.OVERFLOW
                        || db.getFileName().equals(ev.context())) {
                    written |= ev.kind() != StandardWatchEventKinds.OVERFLOW || Files.exists(db);
                }
            }
            key.reset();
            if (written) {
                return Sign.DB_APPEARED;
            }
        }
    }

    /** True when the folder is watched (tests, logs). */
    boolean watching() {
        return service != null;
    }

    @Override
    public void close() {
        closeQuietly(service);
    }

    private static void closeQuietly(WatchService s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing the folder watch: {}", e.toString());
        }
    }
}
