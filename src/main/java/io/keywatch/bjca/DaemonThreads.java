package io.keywatch.bjca;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Named daemon threads, so a client's threads can be recognised (and never keep the JVM alive).
 * They share a thread group, which threads they start inherit: a library's own threads (such as
 * Java-WebSocket's writer) can be found there, named and waited for.
 */
final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final ThreadGroup group;
    private final AtomicInteger count = new AtomicInteger();

    DaemonThreads(String prefix) {
        this.prefix = prefix;
        this.group = new ThreadGroup(prefix);
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(group, r, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    String prefix() {
        return prefix;
    }

    boolean owns(Thread thread) {
        return thread.getName().startsWith(prefix + "-");
    }

    /** Gives a thread that a library started from one of ours the prefix, keeping the library's name after it. */
    void adopt(Thread thread) {
        if (!owns(thread)) {
            thread.setName(prefix + "-" + thread.getName());
        }
    }

    /** The live threads of the group (not of groups below it). */
    List<Thread> alive() {
        Thread[] found = new Thread[group.activeCount() + 4];
        int n;
        while ((n = group.enumerate(found, false)) == found.length) {
            found = new Thread[found.length * 2];
        }
        return List.of(Arrays.copyOf(found, n));
    }

    /**
     * Waits up to {@code max} for the threads {@code which} matches to end; when some are still alive,
     * runs {@code nudge} (e.g. cuts their connection) and waits as long again. From one of these threads
     * it waits for nothing (it cannot wait for itself to end) and returns true.
     *
     * @return false when some outlived both waits (or the caller was interrupted)
     */
    boolean endWithin(Predicate<Thread> which, Duration max, Runnable nudge) {
        if (owns(Thread.currentThread())) {
            return true;
        }
        try {
            if (awaitEnd(which, max)) {
                return true;
            }
            nudge.run();
            return awaitEnd(which, max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until no live thread of the group other than the caller matches {@code which}, or
     * {@code max} has passed.
     *
     * @return false when some are still alive
     */
    boolean awaitEnd(Predicate<Thread> which, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            // Looked up again after each join: a thread may have started another before it ended.
            Thread next = alive().stream().filter(t -> t != Thread.currentThread() && which.test(t)).findFirst()
                    .orElse(null);
            if (next == null) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            next.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }
}
