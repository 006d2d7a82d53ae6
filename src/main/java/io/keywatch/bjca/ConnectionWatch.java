package io.keywatch.bjca;

import io.keywatch.core.ConnectionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a connected bridge has the BJCA service, and who hears when that changes: {@code lost} once
 * when it goes (a connection dropped, unanswered pings, or a connect attempt that failed while the
 * state was up or not known yet), {@code connected} once when the first connection after that
 * answers. Nothing fires for the very first connection when nothing failed before it. Thread-safe;
 * listeners run on the caller's thread (an adapter thread) and must only post work elsewhere.
 */
final class ConnectionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatch.class);

    private enum State { UNKNOWN, UP, DOWN }

    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private State state = State.UNKNOWN;

    AutoCloseable subscribe(ConnectionListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void clear() {
        listeners.clear();
    }

    /** The service answered on a new connection. */
    void up() {
        boolean wasDown;
        synchronized (this) {
            wasDown = state == State.DOWN;
            state = State.UP;
        }
        if (wasDown) {
            for (ConnectionListener l : listeners) {
                try {
                    l.connected();
                } catch (RuntimeException e) {
                    LOG.warn("connection listener failed", e);
                }
            }
        }
    }

    /** The service is gone (or could not be reached). */
    void down(String reason) {
        boolean wasDown;
        synchronized (this) {
            wasDown = state == State.DOWN;
            state = State.DOWN;
        }
        if (!wasDown) {
            for (ConnectionListener l : listeners) {
                try {
                    l.lost(reason);
                } catch (RuntimeException e) {
                    LOG.warn("connection listener failed", e);
                }
            }
        }
    }
}
