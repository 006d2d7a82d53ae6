package io.keywatch.bjca;

import io.keywatch.core.XtxException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a WebSocket client's frames go: a reply to the call waiting for its {@code call_cmd_id}, an
 * {@code onUsbkeyChange} event to the key listeners. A frame without {@code call_cmd_id}, or one that
 * is not JSON, answers nothing, as on BJCA's pages. Thread-safe; it never calls out while holding its
 * lock, so a client may use it under its own.
 */
final class IncomingFrames {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingFrames.class);

    private final XtxProtocol protocol;
    private final URI url;
    private final List<Runnable> keyListeners = new CopyOnWriteArrayList<>();
    /** Calls waiting for their reply, by call id. Guarded by this. */
    private final Map<String, CompletableFuture<XtxProtocol.Message>> pending = new LinkedHashMap<>();

    IncomingFrames(XtxProtocol protocol, URI url) {
        this.protocol = protocol;
        this.url = url;
    }

    /** {@code onUsbkeyChange} listeners; closing the handle removes one. */
    AutoCloseable onKeyChange(Runnable listener) {
        keyListeners.add(listener);
        return () -> keyListeners.remove(listener);
    }

    boolean hasKeyListeners() {
        return !keyListeners.isEmpty();
    }

    /** A call now waits for the reply with {@code callId}. */
    synchronized CompletableFuture<XtxProtocol.Message> expect(String callId) {
        CompletableFuture<XtxProtocol.Message> reply = new CompletableFuture<>();
        pending.put(callId, reply);
        return reply;
    }

    synchronized void forget(String callId) {
        pending.remove(callId);
    }

    /** The calls waiting now. */
    synchronized List<CompletableFuture<XtxProtocol.Message>> waiting() {
        return new ArrayList<>(pending.values());
    }

    /** The calls waiting now, which wait for nothing from here on (the client closed). */
    List<CompletableFuture<XtxProtocol.Message>> endAll() {
        List<CompletableFuture<XtxProtocol.Message>> all;
        synchronized (this) {
            all = new ArrayList<>(pending.values());
            pending.clear();
        }
        keyListeners.clear();
        return all;
    }

    /**
     * Routes one text frame. A frame over {@link XtxProtocol#MAX_MESSAGE_BYTES} bytes or nested deeper
     * than {@link XtxProtocol#MAX_DEPTH} fails every waiting call (PROTOCOL): the caller ends the connection.
     *
     * @return why the connection must end (the cap the frame broke); empty when the frame was handled
     */
    Optional<String> received(String text) {
        XtxProtocol.Message message;
        try {
            message = protocol.read(text);
        } catch (XtxProtocol.OverCap e) {
            LOG.warn("BJCA service at {}: {}; closing the connection", url, e.getMessage());
            waiting().forEach(f -> f.completeExceptionally(e));
            return Optional.of(e.reason());
        } catch (XtxException e) {
            LOG.warn("BJCA service at {} sent a frame that is not understood (ignored, as BJCA's pages do): {}",
                    url, e.getMessage());
            return Optional.empty();
        }
        if (message.event()) {
            LOG.debug("onUsbkeyChange from {}", url);
            for (Runnable listener : keyListeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    LOG.warn("onUsbkeyChange listener failed", e);
                }
            }
            return Optional.empty();
        }
        if (message.callId().isEmpty()) {
            LOG.debug("frame without call_cmd_id from {} (answers no call; token and cookie kept): {}", url,
                    XtxProtocol.quote(text));
            return Optional.empty();
        }
        CompletableFuture<XtxProtocol.Message> waiting;
        synchronized (this) {
            waiting = pending.get(message.callId().get());
        }
        if (waiting == null) {
            LOG.debug("reply for no waiting call (late after a timeout?): {}", XtxProtocol.quote(text));
        } else {
            waiting.complete(message);
        }
        return Optional.empty();
    }
}
