package io.keywatch.bjca.com;

import java.util.Objects;

/**
 * An advised COM event sink, kept alive until it is unadvised.
 *
 * <p>jna-platform keeps the native callback behind an event listener reachable only through the
 * listener object itself ({@code AbstractComEventCallbackListener} holds the {@code CallbackProxy},
 * whose JNA callbacks JNA references weakly), and the source proxy is referenced weakly by its
 * {@code ObjectFactory}. BJCA holds nothing Java can see. If nothing strong points at the listener
 * and the source, a garbage collection frees the callback while BJCA still has its address, and the
 * next {@code OnUsbkeyChange} calls freed memory: the JVM crashes. This object holds both in fields
 * until {@link #close()}; the bridge keeps the subscription in its session for as long as it is
 * advised. Nothing here touches COM, so the reachability is tested on any OS.
 *
 * @param <S> the event source (the connection-point proxy)
 * @param <L> the listener (the Java event sink)
 */
final class EventSubscription<S, L> implements AutoCloseable {

    /** Unadvises {@code listener} from {@code source}; runs once, on the apartment thread. */
    @FunctionalInterface
    interface Unadvise<S, L> {
        void unadvise(S source, L listener) throws Exception;
    }

    private S source;
    private L listener;
    private final Unadvise<S, L> unadvise;

    EventSubscription(S source, L listener, Unadvise<S, L> unadvise) {
        this.source = Objects.requireNonNull(source, "source");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.unadvise = Objects.requireNonNull(unadvise, "unadvise");
    }

    /** Whether the sink is still advised (and therefore strongly held). */
    synchronized boolean open() {
        return listener != null;
    }

    /**
     * Unadvises, then lets go of the listener and the source; later calls do nothing. When unadvising
     * fails, BJCA may still call the sink: it stays held (a few bytes kept for good instead of a crash)
     * and a later close tries again.
     */
    @Override
    public synchronized void close() throws Exception {
        if (listener == null) {
            return;
        }
        unadvise.unadvise(source, listener);
        // Only once BJCA was told to forget the sink may the sink be collected.
        listener = null;
        source = null;
    }
}
