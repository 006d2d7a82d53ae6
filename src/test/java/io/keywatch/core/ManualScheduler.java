package io.keywatch.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * Virtual-time {@link Scheduler} for tests: nothing runs until the test calls {@link #runPending()}
 * or {@link #advance(Duration)}, all on the test's thread. No sleeps, fully deterministic.
 */
public final class ManualScheduler implements Scheduler {
    private record Timed(Instant due, long seq, Runnable task, boolean[] cancelled) { }

    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>(
            Comparator.comparing(Timed::due).thenComparingLong(Timed::seq));
    private Instant now;
    private long seq;

    public ManualScheduler(Instant start) {
        this.now = start;
    }

    public ManualScheduler() {
        this(Instant.parse("2024-03-01T08:00:00Z"));
    }

    @Override
    public synchronized void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        boolean[] cancelled = {false};
        timers.add(new Timed(now.plus(delay), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    /** Runs every task that is ready now, including tasks they post. */
    public void runPending() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = ready.poll();
            }
            if (r == null) {
                return;
            }
            r.run();
        }
    }

    /** Runs the one task that is ready first; false when none is. */
    public boolean runNext() {
        Runnable r;
        synchronized (this) {
            r = ready.poll();
        }
        if (r == null) {
            return false;
        }
        r.run();
        return true;
    }

    /** Moves the clock forward, firing timers in order, running ready tasks in between. */
    public void advance(Duration d) {
        Instant end;
        synchronized (this) {
            end = now.plus(d);
        }
        runPending();
        while (true) {
            Timed t;
            synchronized (this) {
                t = timers.peek();
                if (t == null || t.due().isAfter(end)) {
                    now = end;
                    break;
                }
                timers.poll();
                now = t.due();
            }
            if (!t.cancelled()[0]) {
                t.task().run();
            }
            runPending();
        }
        runPending();
    }

    /** Timers not yet fired or cancelled; a storm must not leave these growing. */
    public synchronized long pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled()[0]).count();
    }
}
