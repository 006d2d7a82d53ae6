package io.keywatch.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog's current status and who hears about it. Set and published on the watchdog's thread
 * only; {@link #published()} may be read from any thread.
 */
final class StatusBoard {
    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    private final Scheduler scheduler;
    private final Consumer<WatchState> onSet;
    private final List<Consumer<WatchdogEvent>> listeners = new CopyOnWriteArrayList<>();
    // --- owned by the scheduler thread ---
    private WatchdogStatus status;
    private long changes;
    /** Last set snapshot, readable from any thread. */
    private volatile WatchdogStatus published;

    /** @param onSet hears every state set (the re-check timers) */
    StatusBoard(Scheduler scheduler, WatchdogStatus initial, Consumer<WatchState> onSet) {
        this.scheduler = scheduler;
        this.onSet = onSet;
        this.status = initial;
        this.published = initial;
    }

    void addListener(Consumer<WatchdogEvent> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<WatchdogEvent> listener) {
        listeners.remove(listener);
    }

    /** The status on the watchdog's thread. */
    WatchdogStatus get() {
        return status;
    }

    /** The latest status; any thread. */
    WatchdogStatus published() {
        return published;
    }

    /** How many times the status was set: a step that finds it changed knows a newer fact came in. */
    long changes() {
        return changes;
    }

    void set(WatchdogStatus s) {
        status = s;
        published = s;
        changes++;
        onSet.accept(s.state());
    }

    /** The same status in another state, since now. */
    WatchdogStatus withState(WatchState state) {
        return new WatchdogStatus(state, status.keyPresent(), status.lastCheck(), status.lastReset(), scheduler.now());
    }

    /** Tells every listener; one that fails does not stop the others. */
    void publish(Function<WatchdogStatus, WatchdogEvent> make) {
        WatchdogEvent ev = make.apply(status);
        for (Consumer<WatchdogEvent> l : listeners) {
            try {
                l.accept(ev);
            } catch (RuntimeException e) {
                LOG.warn("status listener failed", e);
            }
        }
    }
}
