package io.keywatch.bjca;

import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link io.keywatch.core.XtxClient} over the BJCA WebSocket service ({@code ws://127.0.0.1:21051/xtxapp/}),
 * with the JDK's {@code java.net.http} WebSocket.
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
 *   <li>{@link #close()} ends the connection and this client's threads.</li>
 * </ul>
 */
public final class WebSocketXtxClient extends AbstractXtxClient {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketXtxClient.class);
    static final long MIN_BACKOFF_MILLIS = 200;
    static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final URI url;
    private final Duration timeout;
    private final XtxProtocol protocol;
    private final DaemonThreads threads;
    private final ExecutorService io;
    private final ScheduledExecutorService reconnector;
    private final HttpClient http;
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    /** Calls waiting for their reply, oldest first. Guarded by {@link #lock}. */
    private final Map<String, CompletableFuture<XtxProtocol.Message>> pending = new LinkedHashMap<>();
    /** The current connection (open or opening), null when there is none. Guarded by {@link #lock}. */
    private Connection connection;
    /** The JDK allows one outstanding send per socket: sends are chained. Guarded by {@link #lock}. */
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
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
        this.timeout = timeout;
        this.protocol = new XtxProtocol("keywatch");
        this.threads = new DaemonThreads("keywatch-xtx-websocket-" + INSTANCES.incrementAndGet());
        this.io = Executors.newCachedThreadPool(threads);
        this.reconnector = Executors.newSingleThreadScheduledExecutor(threads);
        HttpClient.Builder builder = HttpClient.newBuilder().executor(io).connectTimeout(timeout);
        if ("ws".equalsIgnoreCase(this.url.getScheme())) {
            // Plain ws:// never does TLS: without this the client loads the default SSLContext and its
            // trust store at start (some 150 classes, 1 MB of heap, 40 ms) for nothing.
            builder.sslContext(NoTls.CONTEXT);
        }
        this.http = builder.build();
    }

    /** An SSLContext that is never used for a handshake: no key material, trusts nobody. */
    private static final class NoTls {
        static final SSLContext CONTEXT = create();

        private static SSLContext create() {
            try {
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(new KeyManager[0], new TrustManager[0], null);
                return c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no TLS implementation in this runtime", e);
            }
        }
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
        WebSocket socket = await(conn.opened, function, deadline, "connecting to");
        String callId = protocol.nextCallId();
        CompletableFuture<XtxProtocol.Message> reply = new CompletableFuture<>();
        CompletableFuture<?> sent;
        synchronized (lock) {
            if (closed) {
                throw closedException(function);
            }
            if (connection != conn) {
                throw new XtxException(Kind.UNAVAILABLE, function + ": the connection to the BJCA service at " + url
                        + " was lost before the call could be sent");
            }
            pending.put(callId, reply);
            String frame = protocol.webSocketRequest(callId, function, params);
            sent = lastSend.handle((r, e) -> null).thenCompose(x -> socket.sendText(frame, true));
            lastSend = sent;
        }
        sent.whenComplete((r, e) -> {
            if (e != null) {
                reply.completeExceptionally(new XtxException(Kind.UNAVAILABLE,
                        function + ": could not send to the BJCA service at " + url + ": " + rootMessage(e), e));
            }
        });
        try {
            return await(reply, function, deadline, "waiting for a reply from").valueFor(function);
        } catch (XtxException e) {
            if (e.kind() == Kind.TIMEOUT && !sent.isDone()) {
                throw new XtxException(Kind.TIMEOUT, e.getMessage() + " (the request could not even be sent)", e);
            }
            throw e;
        } finally {
            synchronized (lock) {
                pending.remove(callId);
            }
        }
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
            // A call still waiting for the handshake ends now; a socket that opens later is aborted.
            conn.opened.completeExceptionally(closedException("connect"));
            conn.opened.thenAccept(WebSocket::abort);
        }
        reconnector.shutdownNow();
        io.shutdownNow();
        if (!threads.owns(Thread.currentThread())) {
            try {
                reconnector.awaitTermination(1, TimeUnit.SECONDS);
                io.awaitTermination(1, TimeUnit.SECONDS);
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

    /** The current connection, or a new attempt to open one. */
    private Connection connect() {
        synchronized (lock) {
            if (closed) {
                Connection dead = new Connection();
                dead.opened.completeExceptionally(closedException("connect"));
                return dead;
            }
            if (connection != null) {
                return connection;
            }
            Connection conn = new Connection();
            connection = conn;
            try {
                http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(url, conn)
                        .whenComplete((socket, error) -> opened(conn, socket, error));
            } catch (RuntimeException e) {
                opened(conn, null, e);
            }
            return conn;
        }
    }

    private void opened(Connection conn, WebSocket socket, Throwable error) {
        boolean abort = false;
        synchronized (lock) {
            if (error == null) {
                if (closed || connection != conn) {
                    abort = true;
                } else {
                    backoffMillis = MIN_BACKOFF_MILLIS;
                    LOG.info("connected to the BJCA service at {}", url);
                }
            } else {
                if (connection == conn) {
                    connection = null;
                    scheduleReconnect();
                    backoffMillis = nextBackoffMillis(backoffMillis);
                }
                LOG.debug("cannot connect to the BJCA service at {}: {}", url, rootMessage(error));
            }
        }
        if (abort) {
            socket.abort();
            conn.opened.completeExceptionally(new XtxException(Kind.UNAVAILABLE, "client closed"));
        } else if (error == null) {
            conn.opened.complete(socket);
        } else if (root(error) instanceof HttpTimeoutException) {
            // The JDK's own handshake timer (same length as ours) may fire first: still no answer in time.
            conn.opened.completeExceptionally(new XtxException(Kind.TIMEOUT, "no answer within " + timeout.toMillis()
                    + " ms while connecting to the BJCA service at " + url, error));
        } else {
            conn.opened.completeExceptionally(new XtxException(Kind.UNAVAILABLE,
                    "BJCA service not reachable at " + url + ": " + rootMessage(error), error));
        }
    }

    /** The service closed or broke the connection: every waiting call fails now, not at its timeout. */
    private void lost(Connection conn, String why) {
        List<CompletableFuture<XtxProtocol.Message>> waiting;
        synchronized (lock) {
            if (connection != conn) {
                return; // an old connection's late news
            }
            connection = null;
            lastSend = CompletableFuture.completedFuture(null);
            waiting = new ArrayList<>(pending.values());
            if (!closed) {
                LOG.warn("connection to the BJCA service at {} lost: {}", url, why);
                scheduleReconnect();
            }
        }
        XtxException e = new XtxException(Kind.UNAVAILABLE, "connection to the BJCA service at " + url + " lost: " + why);
        waiting.forEach(f -> f.completeExceptionally(e));
        conn.opened.thenAccept(WebSocket::abort);
    }

    /** Background reconnection, only while someone waits for key events. Caller holds the lock. */
    private void scheduleReconnect() {
        if (closed || subscribers.isEmpty() || connection != null
                || (reconnectTask != null && !reconnectTask.isDone())) {
            return;
        }
        try {
            reconnectTask = reconnector.schedule(() -> {
                synchronized (lock) {
                    reconnectTask = null;
                }
                if (!subscribers.isEmpty()) {
                    connect();
                }
            }, backoffMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
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

    /** One WebSocket connection and its incoming side. */
    private final class Connection implements WebSocket.Listener {
        final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            LOG.debug("ignoring a binary frame from {}", url);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost(this, "closed by the service (code " + statusCode + (reason.isBlank() ? "" : ", " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(this, rootMessage(error));
        }
    }
}
