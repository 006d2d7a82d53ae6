package io.keywatch.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The single thread that owns watchdog state, plus its clock. Tests use a virtual-time
 * implementation so debounce and timeouts are exercised without sleeping.
 */
public interface Scheduler {

    /** Runs the task on the owning thread, after the tasks already posted. */
    void execute(Runnable task);

    /** Runs the task on the owning thread after the delay; the handle cancels it. */
    Cancellable schedule(Runnable task, Duration delay);

    Instant now();

    interface Cancellable {
        void cancel();
    }
}
