package io.keywatch.usb;

import io.keywatch.core.KeyPresence;
import io.keywatch.core.Watchdog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the key sources into the watchdog. It only forwards: the {@link Watchdog} already debounces
 * (first event acted on at once, one trailing action per settle window, the final presence wins), so
 * a second debounce here would only add latency.
 *
 * <p>Owns the sources' lifecycle: {@link #start()} starts them in list order (put the startup scan
 * last, after the live sources, so a key plugged in meanwhile is not missed); a source that fails to
 * start is logged and skipped. {@link #close()} closes them in reverse order.
 */
public final class KeyEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyEvents.class);

    private final KeySink target;
    private final List<KeySource> sources;
    private final List<KeySource> running = new ArrayList<>();
    private boolean started;
    private boolean closed;
    private volatile boolean rejectionLogged;

    /** Forwards to the watchdog. */
    public KeyEvents(Watchdog watchdog, List<? extends KeySource> sources) {
        this(Objects.requireNonNull(watchdog, "watchdog")::keyChanged, sources);
    }

    /** Forwards to any sink (tests, or a different consumer). */
    public KeyEvents(KeySink target, List<? extends KeySource> sources) {
        this.target = Objects.requireNonNull(target, "target");
        this.sources = List.copyOf(sources);
    }

    /** Starts every source; failures are logged and the source skipped. Call once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("KeyEvents already started");
        }
        started = true;
        for (KeySource source : sources) {
            try {
                source.start(this::forward);
                running.add(source);
                LOG.info("key source started: {}", source.name());
            } catch (Exception | LinkageError e) {
                // LinkageError: a missing native library (JNA, libusb) must not stop the other sources.
                LOG.warn("key source {} not available: {}", source.name(), describe(e));
                LOG.debug("key source {} failed to start", source.name(), e);
                closeQuietly(source);
            }
        }
    }

    /** Names of the sources that started and are running. */
    public synchronized List<String> runningSources() {
        return running.stream().map(KeySource::name).toList();
    }

    /** Closes the running sources in reverse order; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = running.size() - 1; i >= 0; i--) {
            closeQuietly(running.get(i));
        }
        running.clear();
    }

    private void forward(KeyPresence presence, String source) {
        try {
            target.keyEvent(presence, source);
        } catch (RuntimeException e) {
            // Typically the watchdog's executor after shutdown; never throw into a source's thread.
            if (!rejectionLogged) {
                rejectionLogged = true;
                LOG.warn("key event from {} dropped: {}", source, describe(e));
            }
        }
    }

    private static void closeQuietly(KeySource source) {
        try {
            source.close();
        } catch (RuntimeException e) {
            LOG.warn("key source {} did not close cleanly: {}", source.name(), describe(e));
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
