package io.keywatch.core;

import java.util.function.Consumer;

/**
 * Port: moments after which what the icon shows may be out of date although no key moved and no
 * connection event came: the PC resumed from sleep (nursing carts sleep all day), or the user's
 * session was unlocked or logged on. The watchdog checks again after each
 * ({@link Watchdog#sessionChanged}). Adapters: Windows power and session notifications; elsewhere
 * {@link #none()}.
 */
public interface SessionEvents extends AutoCloseable {

    /** What happened; both mean "look again". */
    enum Change { RESUMED, UNLOCKED }

    /** Short name for the log, e.g. {@code windows-session}. */
    String name();

    /**
     * Starts delivering changes. The listener runs on an adapter thread and must only post work
     * elsewhere. Never throws: an adapter that cannot register logs why and returns false (KeyWatch
     * carries on without these events).
     */
    boolean start(Consumer<Change> listener);

    /** Stops delivering; never throws. */
    @Override
    void close();

    /** No events: platforms without a notification KeyWatch can wait on for free. */
    static SessionEvents none() {
        return new SessionEvents() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public boolean start(Consumer<Change> listener) {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }
}
