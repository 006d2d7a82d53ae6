package io.keywatch.core;

import java.util.Objects;
import java.util.Optional;
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

    /** Where an adapter is: for {@code keywatch.self} and the log. */
    enum State {
        /** Delivering changes (a {@link Status#problem} may still say what part is missing). */
        RUNNING,
        /** Not started in this process (only the tray starts it). */
        NOT_STARTED,
        /** Start failed; {@link Status#problem} says why. */
        FAILED,
        /** Closed, or its thread ended. */
        STOPPED,
        /** This platform has no such notification ({@link #none()}). */
        NOT_ON_THIS_PLATFORM
    }

    /** An adapter's own report: its state and, when something is wrong or missing, why (plain text, for IT). */
    record Status(State state, Optional<String> problem) {
        public Status {
            Objects.requireNonNull(state);
            Objects.requireNonNull(problem);
        }

        public static Status of(State state) {
            return new Status(state, Optional.empty());
        }

        public static Status of(State state, String problem) {
            return new Status(state, Optional.ofNullable(problem));
        }
    }

    /** Short name for the log, e.g. {@code windows-session}. */
    String name();

    /** What this adapter is doing now; answers at once and never throws. */
    Status status();

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
            public Status status() {
                return Status.of(State.NOT_ON_THIS_PLATFORM);
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
