package io.keywatch.doctor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * A call with a deadline of its own, on a daemon thread: for calls whose adapter bound is too long
 * for the nurse to wait ({@code SOF_ValidateCert} fetching revocation data) and for OS facts that
 * have none (USB listing). A call past its deadline is left to finish on its thread; its answer is
 * dropped.
 */
public final class Bounded {
    /**
     * Threads as needed, each gone {@value #IDLE_SECONDS} s after its last call: the key checks run once
     * per insertion, and an idle tray should not keep their thread (and its stack) for a minute.
     */
    static final int IDLE_SECONDS = 2;
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
            TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "keywatch-doctor");
                t.setDaemon(true);
                return t;
            });

    private Bounded() {
    }

    /** The call's value; its own exception unwrapped; {@link TimeoutException} past {@code deadline}. */
    public static <T> T call(Duration deadline, Callable<T> call) throws Exception {
        Future<T> f = POOL.submit(call);
        try {
            return f.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }
}
