package io.keywatch.bjca;

import io.keywatch.core.XtxException;
import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of a {@link WebSocketXtxClient}: the library's client on a socket of ours,
 * run on a reader thread of ours. Other threads end it by closing the socket ({@link #abort}) or, for
 * a clean end, by the library's close (code 1000): the reader then winds the library up (which stops
 * its writer too) and reports through {@link Events#ended}. Frames over {@link XtxProtocol#MAX_MESSAGE_BYTES}
 * are refused by the library (close code 1009), never buffered.
 */
final class XtxConnection extends WebSocketClient {
    private static final Logger LOG = LoggerFactory.getLogger(XtxConnection.class);

    /** What the connection reports to its client; called on the reader thread. */
    interface Events {
        void opened(XtxConnection c);

        void received(XtxConnection c, String text);

        /** @param tooBig the service sent a frame over the cap */
        void ended(XtxConnection c, String why, boolean tooBig);
    }

    /** Open and {@code SOF_GetVersion} answered: calls may be sent, in {@link #form}. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** The reply to the connection's first SOF_GetVersion, once asked. */
    volatile CompletableFuture<XtxProtocol.Message> versionReply;
    private final Events events;
    private final URI url;
    private final boolean tls;
    private final BjcaSettings settings;
    /** Set by {@link #start} (under the client's lock, before any other thread sees this connection). */
    private Socket socket;
    ScheduledFuture<?> handshakeTimer;
    ScheduledFuture<?> pingTask;
    /** The first error the library reported, to say why the connection ended. */
    private volatile Exception error;
    private volatile boolean opened;
    /** When anything (frame or pong) last arrived, {@link System#nanoTime()}. */
    volatile long lastHeard = System.nanoTime();
    /** Whether the service ever answered a WebSocket ping on this connection. */
    volatile boolean pongSeen;
    /**
     * The service never answers pings, so the heartbeat is {@code SOF_GetVersion} (read-only; one of
     * BJCA's own scripts uses it so every 10 s) instead of a ping.
     */
    volatile boolean versionHeartbeat;
    /** Why the client cut the connection, when it did (e.g. a ping went unanswered). */
    private volatile String cutBecause;
    // Guarded by the client's lock:
    /** BJCA's version as this connection's service reported it ("" when its reply carried none). */
    String version;
    XtxProtocol.Form form = XtxProtocol.Form.CURRENT;

    XtxConnection(URI wireUrl, URI url, int connectTimeoutMillis, BjcaSettings settings, Events events) {
        super(wireUrl, new Draft_6455(List.of(), List.of(new Protocol("")), XtxProtocol.MAX_MESSAGE_BYTES),
                Map.of("Origin", settings.originHeader()), connectTimeoutMillis);
        this.url = url;
        this.tls = "wss".equalsIgnoreCase(url.getScheme());
        this.settings = settings;
        this.events = events;
        // Pings are the client's own (a timer it already has); the library's would add a thread per connection.
        setConnectionLostTimeout(0);
        // Each request is one small frame: Nagle's algorithm would hold a second concurrent request
        // back until the first is acknowledged (up to the peer's delayed-ACK time).
        setTcpNoDelay(true);
        setDaemon(true);
    }

    /** Creates the socket and starts the reader thread from {@code threads}. */
    void start(java.util.concurrent.ThreadFactory threads) throws IOException {
        // Our own socket, so that abort() can reach it from any thread. Plain ws:// must not touch
        // TLS: BjcaTls (and the TLS stack) load only for wss://.
        socket = tls ? BjcaTls.socket(settings, BjcaEndpoint.isLoopback(url)) : new Socket(Proxy.NO_PROXY);
        setSocket(socket);
        threads.newThread(this::read).start();
    }

    private void read() {
        try {
            run(); // connects, shakes hands, then reads and calls back on this thread until the connection ends
        } finally {
            events.ended(this, "the connection ended", false);
        }
    }

    /**
     * Asks {@code SOF_GetVersion} in the older request form, which every service takes; the reply comes
     * through {@code frames}. Caller holds the client's lock.
     */
    CompletableFuture<XtxProtocol.Message> askVersion(XtxProtocol protocol, IncomingFrames frames) {
        String callId = protocol.nextCallId();
        CompletableFuture<XtxProtocol.Message> reply = frames.expect(callId);
        reply.whenComplete((message, failure) -> frames.forget(callId));
        versionReply = reply;
        send(protocol.webSocketRequest(callId, XtxProtocol.GET_VERSION, List.of(), XtxProtocol.Form.OLDER));
        return reply;
    }

    /**
     * The first {@code SOF_GetVersion} still unanswered: asks again in the 3.4.1 script's form (with
     * {@code URL} and {@code CLSID}), for a service that takes only that one; the first answer to either
     * settles the version. Nothing is sent once the first is answered or the connection is gone.
     */
    void askVersionInCurrentForm(XtxProtocol protocol, IncomingFrames frames) {
        CompletableFuture<XtxProtocol.Message> first = versionReply;
        if (first == null || first.isDone() || !isOpen()) {
            return;
        }
        String callId = protocol.nextCallId();
        CompletableFuture<XtxProtocol.Message> second = frames.expect(callId);
        second.whenComplete((message, failure) -> {
            frames.forget(callId);
            if (message != null) {
                first.complete(message);
            }
        });
        first.whenComplete((message, failure) -> second.cancel(false));
        LOG.debug("SOF_GetVersion unanswered in the older form at {}; asking in the current one too", url);
        send(protocol.webSocketRequest(callId, XtxProtocol.GET_VERSION, List.of(), XtxProtocol.Form.CURRENT));
    }

    /** {@code SOF_GetVersion} as a heartbeat, in this connection's form; any answer only proves the service lives. */
    void askVersionAsHeartbeat(XtxProtocol protocol, IncomingFrames frames) {
        String callId = protocol.nextCallId();
        CompletableFuture<XtxProtocol.Message> reply = frames.expect(callId);
        reply.whenComplete((message, failure) -> frames.forget(callId));
        send(protocol.webSocketRequest(callId, XtxProtocol.GET_VERSION, List.of(), form));
    }

    /** Keeps the version the reply names ("" when it carried none) and the request form it picks. Caller holds the client's lock. */
    void versionAnswered(XtxProtocol.Message reply) {
        String v;
        try {
            v = XtxValues.toText(XtxProtocol.GET_VERSION, reply.valueFor(XtxProtocol.GET_VERSION));
        } catch (XtxException e) {
            LOG.warn("{}", e.getMessage());
            v = "";
        }
        version = v;
        form = XtxProtocol.Form.forVersion(v);
    }

    /** The handshake completed (whether or not SOF_GetVersion has answered yet). */
    boolean wasOpen() {
        return opened;
    }

    /** Open and SOF_GetVersion answered. */
    boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** Ends the connection from any thread: a blocked connect or read fails and the reader winds up. */
    void abort() {
        if (socket == null) {
            return; // never started
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the socket to {}: {}", url, e.toString());
        }
    }

    /** {@link #abort} with the reason the client reports. */
    void abort(String why) {
        cutBecause = why;
        abort();
    }

    /**
     * Ends the connection over a frame that broke KeyWatch's caps (close code 1009); {@code why}, the
     * cap it broke, is what the client reports (not the library's size limit: a small frame nested too
     * deep breaks another cap).
     */
    void refuse(String why) {
        cutBecause = why;
        close(CloseFrame.TOOBIG, "message over KeyWatch's limits");
    }

    /** A clean end (close frame 1000); falls back to {@link #abort} when the connection is not open. */
    void closeCleanly() {
        if (isOpen()) {
            close(CloseFrame.NORMAL, "KeyWatch closing");
        } else {
            abort();
        }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        opened = true;
        lastHeard = System.nanoTime();
        events.opened(this);
    }

    @Override
    public void onMessage(String text) {
        lastHeard = System.nanoTime();
        events.received(this, text);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        lastHeard = System.nanoTime();
        LOG.debug("ignoring a binary frame from {}", url);
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        pongSeen = true;
        lastHeard = System.nanoTime();
    }

    @Override
    public void onError(Exception e) {
        if (error == null) {
            error = e;
        }
        LOG.debug("WebSocket to {}: {}", url, WebSocketXtxClient.rootMessage(e));
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        Exception e = error;
        boolean noReason = reason == null || reason.isBlank();
        boolean tooBig = code == CloseFrame.TOOBIG && !remote;
        String why;
        if (cutBecause != null) {
            why = cutBecause;
        } else if (tooBig) {
            why = "the service sent a frame over " + XtxProtocol.MAX_MESSAGE_BYTES + " bytes";
        } else if (e != null) {
            why = WebSocketXtxClient.rootMessage(e);
        } else if (code == CloseFrame.NEVER_CONNECTED && noReason) {
            // E.g. a TLS handshake failure seen first by the thread that only got the closed socket.
            why = "closed before the WebSocket handshake completed";
        } else {
            why = (remote ? "closed by the service (code " : "closed (code ") + code
                    + (noReason ? "" : ", " + reason) + ")";
        }
        events.ended(this, why, tooBig);
    }

    /** For the client's messages. */
    static XtxException tooBig(URI url) {
        return new XtxException(XtxException.Kind.PROTOCOL, "the BJCA service at " + url + " sent a message over "
                + XtxProtocol.MAX_MESSAGE_BYTES + " bytes; accepted: at most " + XtxProtocol.MAX_MESSAGE_BYTES
                + " (the connection was closed)");
    }
}
