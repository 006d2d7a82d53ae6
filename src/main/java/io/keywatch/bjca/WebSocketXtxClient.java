package io.keywatch.bjca;

import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link io.keywatch.core.XtxClient} over the BJCA WebSocket service ({@code ws://127.0.0.1:21051/xtxapp/}),
 * with the Java-WebSocket client: unlike the JDK's {@code java.net.http} WebSocket it needs neither
 * the HTTP client nor TLS for a plain {@code ws://} connection (about 900 classes fewer in the tray).
 *
 * <ul>
 *   <li>Calls are correlated by {@code call_cmd_id}; any number of threads may call at once.</li>
 *   <li>Every call ends within the timeout: {@code TIMEOUT} when no reply came, {@code UNAVAILABLE}
 *       at once when the service refuses the connection or drops it, {@code PROTOCOL} for a reply that
 *       is not understood. A frame that cannot be parsed fails the oldest waiting call (the service
 *       answers in order); the connection stays up.</li>
 *   <li>The connection is opened lazily by the first call and again by the next call after it was
 *       lost (a refused loopback connect costs a millisecond, so calls never wait for a backoff).
 *       While someone listens for {@code onUsbkeyChange}, a background task reconnects with a backoff
 *       from 0.2 s doubling to 10 s.</li>
 *   <li>A connection has a reader thread (which also connects and runs the listeners) and the
 *       library's writer thread; both carry this client's thread name prefix. Nothing wakes up while
 *       the connection is idle: no ping timer, no polling.</li>
 *   <li>{@link #close()} ends the connection and this client's threads.</li>
 * </ul>
 */
public final class WebSocketXtxClient extends AbstractXtxClient {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketXtxClient.class);
    static final long MIN_BACKOFF_MILLIS = 200;
    static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** How Java-WebSocket names the writer thread it starts for each connection. */
    private static final String LIBRARY_WRITER = "WebSocketWriteThread-";

    private final URI url;
    /** The URL as the library wants it: it compares the scheme case-sensitively. */
    private final URI wireUrl;
    private final boolean tls;
    private final Duration timeout;
    private final XtxProtocol protocol;
    private final DaemonThreads threads;
    /** Handshake timeouts and background reconnects; its one thread starts with the first connection. */
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    /** Calls waiting for their reply, oldest first. Guarded by {@link #lock}. */
    private final Map<String, CompletableFuture<XtxProtocol.Message>> pending = new LinkedHashMap<>();
    /** The current connection (open or opening), null when there is none. Guarded by {@link #lock}. */
    private Connection connection;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private ScheduledFuture<?> reconnectTask;
    private boolean closed;

    /** A client for a loopback service URL; every call is bounded by {@code timeout}. */
    public WebSocketXtxClient(URI url, Duration timeout) {
        this(url, timeout, false);
    }

    /**
     * @param allowRemote accept a service URL that is not loopback (only when configuration says so)
     * @throws IllegalArgumentException for a URL that is not {@code ws(s)://} or not allowed
     */
    public WebSocketXtxClient(URI url, Duration timeout, boolean allowRemote) {
        this.url = BjcaEndpoint.requireWebSocket(url, allowRemote);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("BJCA call timeout must be positive, not " + timeout);
        }
        String scheme = this.url.getScheme().toLowerCase(Locale.ROOT);
        this.wireUrl = URI.create(scheme + this.url.toString().substring(scheme.length()));
        this.tls = scheme.equals("wss");
        this.timeout = timeout;
        this.protocol = new XtxProtocol("keywatch");
        this.threads = new DaemonThreads("keywatch-xtx-websocket-" + INSTANCES.incrementAndGet());
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads);
        // Handshake timers are cancelled once the connection is open: drop them at once, not when due.
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String bridge() {
        return "websocket";
    }

    /** The service URL this client talks to. */
    public URI url() {
        return url;
    }

    @Override
    protected Object call(String function, List<?> params) throws XtxException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection conn = connect();
        if (conn == null) {
            throw closedException(function);
        }
        await(conn.opened, function, deadline, "connecting to");
        String callId = protocol.nextCallId();
        CompletableFuture<XtxProtocol.Message> reply = new CompletableFuture<>();
        try {
            synchronized (lock) {
                if (closed) {
                    throw closedException(function);
                }
                if (connection != conn) {
                    throw new XtxException(Kind.UNAVAILABLE, function + ": the connection to the BJCA service at "
                            + url + " was lost before the call could be sent");
                }
                pending.put(callId, reply);
                // Only queued here (the library's writer thread sends), so holding the lock is cheap and
                // keeps frames in the order of the pending calls, which failOldest relies on.
                conn.send(protocol.webSocketRequest(callId, function, params));
            }
            return await(reply, function, deadline, "waiting for a reply from").valueFor(function);
        } catch (WebsocketNotConnectedException e) {
            throw new XtxException(Kind.UNAVAILABLE, function + ": could not send to the BJCA service at " + url
                    + ": the connection is closing", e);
        } finally {
            synchronized (lock) {
                pending.remove(callId);
            }
        }
    }

    /**
     * BJCA's version, asked once per connection: it only changes with a new service, which means a new
     * connection. Saves one of the four round trips of every key check.
     */
    @Override
    public String version() throws XtxException {
        synchronized (lock) {
            if (connection != null && connection.version != null) {
                return connection.version;
            }
        }
        String v = super.version();
        synchronized (lock) {
            if (connection != null && connection.wasOpen()) {
                connection.version = v;
            }
        }
        return v;
    }

    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        subscribers.add(listener);
        connect(); // events only arrive on an open connection; failures schedule background retries
        return () -> subscribers.remove(listener);
    }

    @Override
    public void close() {
        Connection conn;
        List<CompletableFuture<XtxProtocol.Message>> waiting;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            conn = connection;
            connection = null;
            waiting = new ArrayList<>(pending.values());
            pending.clear();
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
            }
        }
        subscribers.clear();
        waiting.forEach(f -> f.completeExceptionally(closedException("call")));
        if (conn != null) {
            // A call still waiting for the handshake ends now; the reader then sees its socket closed.
            conn.opened.completeExceptionally(closedException("connect"));
            conn.abort();
        }
        scheduler.shutdownNow();
        if (!threads.owns(Thread.currentThread())) {
            try {
                // Ours and the library's writers; threads a listener started (they share the group) are not ours.
                if (!threads.awaitEnd(t -> threads.owns(t) || t.getName().startsWith(LIBRARY_WRITER),
                        Duration.ofSeconds(1))) {
                    LOG.warn("threads of the WebSocket client for {} still running after close", url);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.debug("WebSocket client for {} closed", url);
    }

    /** Prefix of this client's thread names (tests check none outlive {@link #close()}). */
    String threadNamePrefix() {
        return threads.prefix();
    }

    /** The current connection, a new attempt to open one, or null once closed. */
    private Connection connect() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (connection != null) {
                return connection;
            }
            Connection conn = new Connection();
            connection = conn;
            try {
                conn.start();
            } catch (IOException | RuntimeException e) {
                notOpened(conn, unreachable(rootMessage(e), e));
            }
            return conn;
        }
    }

    private void opened(Connection conn) {
        conn.handshakeTimer.cancel(false);
        // The writer named itself before sending the handshake, which the service has now answered:
        // renaming it cannot race with the library.
        threads.alive().stream().filter(t -> t.getName().startsWith(LIBRARY_WRITER)).forEach(threads::adopt);
        boolean stale;
        synchronized (lock) {
            stale = closed || connection != conn;
            if (!stale) {
                conn.opened.complete(null);
                backoffMillis = MIN_BACKOFF_MILLIS;
                LOG.info("connected to the BJCA service at {}", url);
            }
        }
        if (stale) {
            conn.opened.completeExceptionally(closedException("connect"));
            conn.abort();
        }
    }

    /** The connection could not be opened (refused, rejected, timed out or aborted). */
    private void notOpened(Connection conn, XtxException why) {
        synchronized (lock) {
            conn.opened.completeExceptionally(why);
            if (connection == conn) {
                connection = null;
                scheduleReconnect();
                backoffMillis = nextBackoffMillis(backoffMillis);
                LOG.debug("cannot connect to the BJCA service at {}: {}", url, why.getMessage());
            }
        }
        conn.abort();
    }

    /** The connection ended: if it was open, every waiting call fails now, not at its timeout. */
    private void ended(Connection conn, String why) {
        conn.handshakeTimer.cancel(false);
        if (!conn.wasOpen()) {
            notOpened(conn, unreachable(why, null));
            return;
        }
        List<CompletableFuture<XtxProtocol.Message>> waiting;
        synchronized (lock) {
            if (connection != conn) {
                return; // closed by us, or an old connection's late news
            }
            connection = null;
            waiting = new ArrayList<>(pending.values());
            if (!closed) {
                LOG.warn("connection to the BJCA service at {} lost: {}", url, why);
                scheduleReconnect();
            }
        }
        XtxException e = new XtxException(Kind.UNAVAILABLE, "connection to the BJCA service at " + url + " lost: " + why);
        waiting.forEach(f -> f.completeExceptionally(e));
    }

    private XtxException unreachable(String why, Throwable cause) {
        return new XtxException(Kind.UNAVAILABLE, "BJCA service not reachable at " + url + ": " + why, cause);
    }

    /** Background reconnection, only while someone waits for key events. Caller holds the lock. */
    private void scheduleReconnect() {
        if (closed || subscribers.isEmpty() || connection != null
                || (reconnectTask != null && !reconnectTask.isDone())) {
            return;
        }
        try {
            reconnectTask = scheduler.schedule(() -> {
                synchronized (lock) {
                    reconnectTask = null;
                }
                if (!subscribers.isEmpty()) {
                    connect();
                }
            }, backoffMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("reconnect not scheduled: client closing");
        }
    }

    /** Background reconnect delays: 0.2 s, 0.4 s, ... doubling up to 10 s. */
    static long nextBackoffMillis(long current) {
        return Math.min(Math.max(current, MIN_BACKOFF_MILLIS) * 2, MAX_BACKOFF_MILLIS);
    }

    private void received(String text) {
        XtxProtocol.Message message;
        try {
            message = protocol.read(text);
        } catch (XtxException e) {
            LOG.warn("BJCA service at {} sent a frame that is not understood: {}", url, e.getMessage());
            failOldest(e);
            return;
        }
        if (message.event()) {
            LOG.debug("onUsbkeyChange from {}", url);
            for (Runnable subscriber : subscribers) {
                try {
                    subscriber.run();
                } catch (RuntimeException e) {
                    LOG.warn("onUsbkeyChange listener failed", e);
                }
            }
            return;
        }
        if (message.callId().isEmpty()) {
            XtxException e = new XtxException(Kind.PROTOCOL, "BJCA sent a reply without call_cmd_id: "
                    + XtxProtocol.quote(text) + "; accepted: replies carrying the call_cmd_id of the request");
            LOG.warn("{}", e.getMessage());
            failOldest(e);
            return;
        }
        CompletableFuture<XtxProtocol.Message> waiting;
        synchronized (lock) {
            waiting = pending.get(message.callId().get());
        }
        if (waiting == null) {
            LOG.debug("reply for no waiting call (late after a timeout?): {}", XtxProtocol.quote(text));
        } else {
            waiting.complete(message);
        }
    }

    /** A frame without a usable id belongs, most likely, to the call that has waited longest. */
    private void failOldest(XtxException e) {
        CompletableFuture<XtxProtocol.Message> oldest = null;
        synchronized (lock) {
            for (CompletableFuture<XtxProtocol.Message> f : pending.values()) {
                if (!f.isDone()) {
                    oldest = f;
                    break;
                }
            }
        }
        if (oldest != null) {
            oldest.completeExceptionally(e);
        }
    }

    private <T> T await(CompletableFuture<T> future, String function, long deadline, String doing)
            throws XtxException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new XtxException(Kind.TIMEOUT, function + ": no answer within " + timeout.toMillis() + " ms while "
                    + doing + " the BJCA service at " + url);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof XtxException x) {
                throw new XtxException(x.kind(), x.getMessage(), x);
            }
            throw new XtxException(Kind.UNAVAILABLE, function + ": BJCA service at " + url + " failed: "
                    + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XtxException(Kind.UNAVAILABLE, function + ": interrupted while " + doing + " " + url, e);
        }
    }

    private XtxException closedException(String function) {
        return new XtxException(Kind.UNAVAILABLE, function + ": the WebSocket client for " + url + " is closed");
    }

    private static Throwable root(Throwable t) {
        Throwable root = t;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    static String rootMessage(Throwable t) {
        Throwable root = root(t);
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    /**
     * One connection: the library's client on a socket of ours, run on a reader thread of ours. Other
     * threads end it by closing the socket, never through the library's close: the reader then winds
     * the library up (which stops its writer too) and reports through {@link #onClose}.
     */
    private final class Connection extends WebSocketClient {
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        /** Set by {@link #start} (under the client's lock, before any other thread sees this connection). */
        private Socket socket;
        private ScheduledFuture<?> handshakeTimer;
        /** The first error the library reported, to say why the connection ended. */
        private volatile Exception error;
        /** BJCA's version as this connection's service reported it. Guarded by the client's lock. */
        String version;

        Connection() {
            super(wireUrl, new Draft_6455(), null, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            // The library's keep-alive pings would wake the idle tray every 60 s; a loopback connection
            // that breaks is reported by the socket.
            setConnectionLostTimeout(0);
            // Each request is one small frame: Nagle's algorithm would hold a second concurrent request
            // back until the first is acknowledged (up to the peer's delayed-ACK time).
            setTcpNoDelay(true);
            setDaemon(true);
        }

        void start() throws IOException {
            // Our own socket, so that abort() can reach it from any thread. Plain ws:// must not touch
            // TLS: the default SSL socket factory loads the TLS stack and the trust store.
            socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket(Proxy.NO_PROXY);
            setSocket(socket);
            // The library's connect timeout covers TCP only; this one covers the handshake too.
            handshakeTimer = scheduler.schedule(() -> notOpened(this, new XtxException(Kind.TIMEOUT,
                    "no answer within " + timeout.toMillis() + " ms while connecting to the BJCA service at " + url)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            threads.newThread(this::read).start();
        }

        private void read() {
            try {
                run(); // connects, shakes hands, then reads and calls back on this thread until the connection ends
            } finally {
                ended(this, "the connection ended");
            }
        }

        boolean wasOpen() {
            return opened.isDone() && !opened.isCompletedExceptionally();
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

        @Override
        public void onOpen(ServerHandshake handshake) {
            opened(this);
        }

        @Override
        public void onMessage(String text) {
            received(text);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            LOG.debug("ignoring a binary frame from {}", url);
        }

        @Override
        public void onError(Exception e) {
            if (error == null) {
                error = e;
            }
            LOG.debug("WebSocket to {}: {}", url, rootMessage(e));
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            Exception e = error;
            boolean noReason = reason == null || reason.isBlank();
            String why;
            if (e != null) {
                why = rootMessage(e);
            } else if (code == CloseFrame.NEVER_CONNECTED && noReason) {
                // E.g. a TLS handshake failure seen first by the thread that only got the closed socket.
                why = "closed before the WebSocket handshake completed";
            } else {
                why = (remote ? "closed by the service (code " : "closed (code ") + code
                        + (noReason ? "" : ", " + reason) + ")";
            }
            ended(this, why);
        }
    }
}
