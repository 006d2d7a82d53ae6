package io.keywatch.bjca;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client's background reconnection while the service is down, with a backoff from
 * {@link #MIN_BACKOFF_MILLIS} doubling to {@link #MAX_BACKOFF_MILLIS}, and only while someone listens
 * (key events or connection changes): otherwise the next call connects. At most one attempt waits.
 * Thread-safe; it never calls out while holding its lock, so a client may use it under its own.
 */
final class Reconnects {
    private static final Logger LOG = LoggerFactory.getLogger(Reconnects.class);
    static final long MIN_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;

    private final ScheduledExecutorService timer;
    private final BooleanSupplier wanted;
    private final Runnable connect;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private ScheduledFuture<?> task;

    /**
     * @param wanted  whether anyone listens now
     * @param connect the attempt; runs on the timer's thread
     */
    Reconnects(ScheduledExecutorService timer, BooleanSupplier wanted, Runnable connect) {
        this.timer = timer;
        this.wanted = wanted;
        this.connect = connect;
    }

    /** Schedules an attempt after the current backoff, unless nobody listens or one already waits. */
    synchronized void schedule() {
        if (!wanted.getAsBoolean() || (task != null && !task.isDone())) {
            return;
        }
        try {
            task = timer.schedule(() -> {
                synchronized (this) {
                    task = null;
                }
                if (wanted.getAsBoolean()) {
                    connect.run();
                }
            }, backoffMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("reconnect not scheduled: client closing");
        }
    }

    /** An attempt failed: the next one waits twice as long. */
    synchronized void failed() {
        backoffMillis = nextBackoffMillis(backoffMillis);
    }

    /** A connection answered: the next outage starts again at the shortest backoff. */
    synchronized void succeeded() {
        backoffMillis = MIN_BACKOFF_MILLIS;
    }

    synchronized void cancel() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Background reconnect delays: 1 s, 2 s, ... doubling up to 30 s. */
    static long nextBackoffMillis(long current) {
        return Math.min(Math.max(current, MIN_BACKOFF_MILLIS) * 2, MAX_BACKOFF_MILLIS);
    }
}
