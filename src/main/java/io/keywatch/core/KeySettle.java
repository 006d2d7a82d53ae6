package io.keywatch.core;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key events debounced leading-edge first: the first event of a burst is acted on at once (a nurse
 * sees the result immediately), later events within the settle window collapse into one trailing
 * action with the final presence, so a storm costs a handful of checks. Owned by the watchdog's thread.
 */
final class KeySettle {
    private static final Logger LOG = LoggerFactory.getLogger(KeySettle.class);

    private final Scheduler scheduler;
    private final Duration settle;
    private final Consumer<String> act;
    private boolean windowOpen;
    private boolean trailingPending;
    private KeyPresence latest = KeyPresence.UNKNOWN;

    /** @param act runs on the watchdog's thread with the event's source; {@link #latest()} says what to act on */
    KeySettle(Scheduler scheduler, Duration settle, Consumer<String> act) {
        this.scheduler = scheduler;
        this.settle = settle;
        this.act = act;
    }

    /** The presence the last key event reported. */
    KeyPresence latest() {
        return latest;
    }

    void event(KeyPresence presence, String source) {
        LOG.debug("key event {} from {}", presence, source);
        latest = presence;
        if (windowOpen) {
            trailingPending = true;
            return;
        }
        openWindow();
        act.accept(source);
    }

    private void openWindow() {
        windowOpen = true;
        scheduler.schedule(this::windowClosed, settle);
    }

    private void windowClosed() {
        if (trailingPending) {
            trailingPending = false;
            openWindow();
            act.accept("settled");
        } else {
            windowOpen = false;
        }
    }
}
