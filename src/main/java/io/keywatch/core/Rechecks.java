package io.keywatch.core;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the watchdog looks at BJCA again without a key event, so the icon is never stale. Owned by
 * the watchdog's thread, like the rest of its state.
 *
 * <ul>
 *   <li>While the last look found BJCA unreachable ({@code UNAVAILABLE}, {@code TIMEOUT}) one re-check
 *       is scheduled: {@link #FIRST_RETRY} after it, then twice as long each time up to
 *       {@link #MAX_RETRY}. Any other settled state (an answer, or no key) cancels it and starts the
 *       next series at {@link #FIRST_RETRY} again. Nothing is scheduled while BJCA answers: idle costs
 *       nothing.</li>
 *   <li>{@link #soon} (resume, unlock) coalesces a burst into one re-check after the settle window.</li>
 * </ul>
 */
final class Rechecks {
    private static final Logger LOG = LoggerFactory.getLogger(Rechecks.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);

    private final Scheduler scheduler;
    private final Duration settle;
    private final Consumer<String> recheck;

    private Duration nextRetry = FIRST_RETRY;
    private Scheduler.Cancellable retry;
    private boolean soonQueued;

    /** @param recheck runs on the watchdog's thread with the reason, e.g. {@code retry after 4 s} */
    Rechecks(Scheduler scheduler, Duration settle, Consumer<String> recheck) {
        this.scheduler = scheduler;
        this.settle = settle;
        this.recheck = recheck;
    }

    /** True for the states that say BJCA could not be asked. */
    static boolean unreachable(WatchState state) {
        return state == WatchState.UNAVAILABLE || state == WatchState.TIMEOUT;
    }

    /** Every state the watchdog sets; transient ones (checking, repairing) change nothing. */
    void stateSet(WatchState state) {
        if (state == WatchState.CHECKING || state == WatchState.REPAIRING) {
            return;
        }
        if (unreachable(state)) {
            if (retry == null) {
                Duration delay = nextRetry;
                nextRetry = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
                LOG.debug("BJCA unreachable: checking again in {} s", delay.toMillis() / 1000.0);
                retry = scheduler.schedule(() -> {
                    retry = null;
                    recheck.accept("retry after " + delay.toMillis() / 1000.0 + " s");
                }, delay);
            }
            return;
        }
        if (retry != null) {
            retry.cancel();
            retry = null;
        }
        nextRetry = FIRST_RETRY;
    }

    /** A re-check after the settle window; more requests meanwhile join it. */
    void soon(String why) {
        if (soonQueued) {
            return;
        }
        soonQueued = true;
        scheduler.schedule(() -> {
            soonQueued = false;
            recheck.accept(why);
        }, settle);
    }

    /** True while a retry is scheduled (tests, diagnostics). */
    boolean retryScheduled() {
        return retry != null;
    }
}
