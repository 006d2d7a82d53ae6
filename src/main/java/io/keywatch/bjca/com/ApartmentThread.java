package io.keywatch.bjca.com;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One dedicated thread that owns a COM apartment and runs every call into it, in order.
 *
 * <p>COM objects created in a single-threaded apartment may only be called from that thread, and
 * the thread must pump window messages so that calls back into it (connection-point events) can be
 * delivered. The {@link MessageLoop} does the OS part; this class does the Java part: a task queue,
 * a bounded wait for every call, and "poisoning": once a call has not returned in time the thread
 * is considered lost (a native call cannot be interrupted), pending work is cancelled and no new
 * work is accepted. The owner then abandons it and starts a fresh one.
 */
final class ApartmentThread {

    /** The OS side of the apartment; every method except {@link #wake()} runs on the apartment thread. */
    interface MessageLoop {
        /** Joins the apartment (CoInitializeEx STA) and prepares the message queue. */
        void enter() throws Exception;

        /**
         * Waits until {@link #wake()} is called or a message arrives, dispatching window messages.
         *
         * @return false when the loop was told to quit
         */
        boolean pump();

        /** From any thread: makes a waiting {@link #pump()} return. */
        void wake();

        /** Leaves the apartment (CoUninitialize). */
        void leave();
    }

    /** A portable loop without window messages: for tests and for platforms without COM. */
    static class JavaMessageLoop implements MessageLoop {
        private final java.util.concurrent.Semaphore wakeups = new java.util.concurrent.Semaphore(0);

        @Override
        public void enter() {
        }

        @Override
        public boolean pump() {
            wakeups.acquireUninterruptibly();
            return true;
        }

        @Override
        public void wake() {
            wakeups.release();
        }

        @Override
        public void leave() {
        }
    }

    private static final AtomicInteger NUMBER = new AtomicInteger();
    /**
     * The apartment thread's stack. BJCA's component and the key vendors' drivers run on this thread
     * and are built for Windows' default of 1 MB or more; the launchers' {@code -Xss512k} (meant for
     * KeyWatch's own threads) must not apply here.
     */
    static final long STACK_SIZE = 4L * 1024 * 1024;

    private final MessageLoop loop;
    private final Thread thread;
    private final ConcurrentLinkedQueue<FutureTask<?>> queue = new ConcurrentLinkedQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable startFailure;
    private volatile boolean stopRequested;
    private volatile boolean poisoned;

    private ApartmentThread(MessageLoop loop) {
        this.loop = loop;
        this.thread = new Thread(null, this::run, "keywatch-com-sta-" + NUMBER.incrementAndGet(), STACK_SIZE);
        // A thread stuck in a native COM call must never keep the JVM alive.
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread and waits for it to join its apartment.
     *
     * @throws ExecutionException when joining the apartment failed (the cause says why)
     * @throws TimeoutException   when the thread did not get there in time
     */
    static ApartmentThread start(MessageLoop loop, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        ApartmentThread t = new ApartmentThread(loop);
        t.thread.start();
        if (!t.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            t.poisoned = true;
            t.stop();
            throw new TimeoutException("COM apartment thread did not start within " + timeout.toMillis() + " ms");
        }
        if (t.startFailure != null) {
            throw new ExecutionException(t.startFailure);
        }
        return t;
    }

    String name() {
        return thread.getName();
    }

    boolean poisoned() {
        return poisoned;
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Runs {@code task} on the apartment thread and waits at most {@code timeout} for it.
     * On timeout the thread is poisoned: queued tasks are cancelled and later calls are refused.
     *
     * @throws ExecutionException    the task threw (the cause)
     * @throws TimeoutException      the task did not finish in time (this thread is now poisoned)
     * @throws IllegalStateException the thread is poisoned or stopped
     */
    <T> T call(Callable<T> task, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (Thread.currentThread() == thread) {
            // Re-entry from this thread (a COM event's listener calling the bridge): queued, it would
            // wait for itself until the timeout and poison the apartment. COM allows the re-entry.
            try {
                return task.call();
            } catch (Exception e) {
                throw new ExecutionException(e);
            }
        }
        FutureTask<T> f = new FutureTask<>(task);
        submit(f);
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            poison();
            f.cancel(false);
            throw e;
        } catch (java.util.concurrent.CancellationException e) {
            // Cancelled because an earlier call on this thread hung: report it as a timeout too.
            throw new TimeoutException("an earlier COM call on " + name() + " did not return");
        }
    }

    /** Queues {@code task} to run after everything already queued, without waiting; ignored once stopped. */
    void execute(Runnable task) {
        if (thread.isAlive() && !stopRequested) {
            queue.add(new FutureTask<Void>(task, null));
            loop.wake();
        }
    }

    private void submit(FutureTask<?> f) {
        if (poisoned) {
            throw new IllegalStateException(name() + " is stuck in an earlier COM call");
        }
        if (stopRequested || !thread.isAlive()) {
            throw new IllegalStateException(name() + " has stopped");
        }
        queue.add(f);
        loop.wake();
    }

    /** Marks the thread lost and cancels what was waiting behind the hung call. */
    void poison() {
        poisoned = true;
        List<FutureTask<?>> pending = new ArrayList<>();
        for (FutureTask<?> f; (f = queue.poll()) != null; ) {
            pending.add(f);
        }
        pending.forEach(f -> f.cancel(false));
    }

    /**
     * Lets the thread finish what is queued (e.g. releasing its COM objects), leave the apartment and
     * end. Returns at once; a hung thread ends whenever its call returns, or never (it is a daemon).
     */
    void stop() {
        queue.add(new FutureTask<Void>(() -> stopRequested = true, null));
        loop.wake();
    }

    /** Waits for the thread to end after {@link #stop()}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        // The latch falls in run()'s finally; the thread itself ends a moment later.
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        return !thread.isAlive();
    }

    private void run() {
        try {
            try {
                loop.enter();
            } catch (Throwable e) {
                startFailure = e;
                return;
            } finally {
                started.countDown();
            }
            try {
                while (!stopRequested) {
                    for (FutureTask<?> f; !stopRequested && (f = queue.poll()) != null; ) {
                        f.run();
                    }
                    if (!stopRequested && queue.isEmpty() && !loop.pump()) {
                        break;
                    }
                }
            } finally {
                for (FutureTask<?> f; (f = queue.poll()) != null; ) {
                    f.cancel(false);
                }
                loop.leave();
            }
        } finally {
            finished.countDown();
        }
    }
}
