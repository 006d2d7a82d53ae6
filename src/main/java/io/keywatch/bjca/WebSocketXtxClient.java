package io.keywatch.bjca;

import io.keywatch.core.ConnectionListener;
import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link io.keywatch.core.XtxClient} over the BJCA WebSocket service ({@code ws://127.0.0.1:21051/xtxapp/}),
 * with the Java-WebSocket client (a plain {@code ws://} connection loads neither the JDK's HTTP
 * client nor TLS). It speaks as BJCA's page scripts do ({@code reference/bjca-scripts.md}):
 * <ul>
 *   <li>Each connection first asks {@code SOF_GetVersion} (in the older request form, which every
 *       service takes); the answer picks the form of every later request on it (the older form for
 *       services before 2.16). The handshake carries an {@code Origin}; {@code URL} is the configured
 *       caller URL; the session token and a cookie the service set go back.</li>
 *   <li>Calls are correlated by {@code call_cmd_id} ({@link IncomingFrames}); any number of threads may
 *       call at once. A frame without {@code call_cmd_id}, or one that is not JSON, answers nothing (its
 *       token and cookie are kept). A frame over {@link XtxProtocol#MAX_MESSAGE_BYTES} bytes or nested
 *       deeper than {@link XtxProtocol#MAX_DEPTH} fails every waiting call (PROTOCOL) and ends the connection.</li>
 *   <li>Every call ends within the timeout: {@code TIMEOUT} when no reply came, {@code UNAVAILABLE} at
 *       once when the service refuses the connection or drops it.</li>
 *   <li>An open connection is pinged every {@link #PING_INTERVAL} ({@link ConnectionPings}); no answer
 *       within the call timeout ends it. {@link #onConnectionChange} hears the service go and come back.
 *       While anyone listens (key events or connection changes) and the service is down, a background
 *       task reconnects with a backoff from 1 s doubling to 30 s.</li>
 *   <li>A connection has a reader thread (which also connects and runs the listeners) and the library's
 *       writer thread; the timer thread (handshake bounds, pings, reconnects) starts with the first
 *       connection. {@link #close()} ends the connection cleanly (close code 1000) and these threads.</li>
 * </ul>
 */
public final class WebSocketXtxClient extends AbstractXtxClient implements XtxConnection.Events {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketXtxClient.class);
    /** How often an open connection is pinged (why this often: {@link ConnectionPings#DEFAULT_INTERVAL}). */
    public static final Duration PING_INTERVAL = ConnectionPings.DEFAULT_INTERVAL;
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** How Java-WebSocket names the writer thread it starts for each connection. */
    private static final String LIBRARY_WRITER = "WebSocketWriteThread-";

    private final URI url;
    /** The URL as the library wants it: it compares the scheme case-sensitively. */
    private final URI wireUrl;
    private final Duration timeout;
    private final BjcaSettings settings;
    private final XtxProtocol protocol;
    private final DaemonThreads threads;
    /** Handshake and ping timers and background reconnects; its one thread starts with the first connection. */
    private final ScheduledThreadPoolExecutor scheduler;
    private final ConnectionPings pings;
    /** First SOF_GetVersion unanswered this long (at most half the call timeout): ask in the 3.4.1 form too. */
    static final Duration SECOND_VERSION_FORM_AFTER = Duration.ofSeconds(1);
    private final IncomingFrames frames;
    private final ConnectionWatch watch = new ConnectionWatch();
    private final Reconnects reconnects;

    private final Object lock = new Object();
    /** The current connection (open or opening), null when there is none. Guarded by {@link #lock}. */
    private XtxConnection connection;
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
        this(url, timeout, allowRemote, BjcaSettings.defaults());
    }

    /** @param settings caller URL, Origin and TLS trust */
    public WebSocketXtxClient(URI url, Duration timeout, boolean allowRemote, BjcaSettings settings) {
        this(url, timeout, allowRemote, settings, PING_INTERVAL);
    }

    /** @param pingInterval how often an open connection is pinged (tests: a hung service in milliseconds) */
    WebSocketXtxClient(URI url, Duration timeout, boolean allowRemote, BjcaSettings settings, Duration pingInterval) {
        this.url = BjcaEndpoint.requireWebSocket(url, allowRemote);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("BJCA call timeout must be positive, not " + timeout);
        }
        String scheme = this.url.getScheme().toLowerCase(Locale.ROOT);
        this.wireUrl = URI.create(scheme + this.url.toString().substring(scheme.length()));
        this.timeout = timeout;
        this.settings = settings;
        this.protocol = new XtxProtocol(settings.callerUrl());
        this.threads = new DaemonThreads("keywatch-xtx-websocket-" + INSTANCES.incrementAndGet());
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads);
        // Handshake timers are cancelled once the connection is open: drop them at once, not when due.
        scheduler.setRemoveOnCancelPolicy(true);
        this.frames = new IncomingFrames(protocol, this.url);
        this.pings = new ConnectionPings(scheduler, pingInterval, timeout, this.url,
                conn -> conn.askVersionAsHeartbeat(protocol, frames));
        this.reconnects = new Reconnects(scheduler, () -> frames.hasKeyListeners() || watch.hasListeners(),
                this::connect);
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
    protected Optional<Object> call(String function, List<?> params) throws XtxException {
        long deadline = System.nanoTime() + timeout.toNanos();
        XtxConnection conn = ready(function, deadline);
        XtxProtocol.Form form;
        synchronized (lock) {
            form = conn.form;
        }
        return send(conn, function, params, form, deadline).valueFor(function);
    }

    /** BJCA's version, as the connection's first call asked it (it changes only with a new service, so a new connection). */
    @Override
    public String version() throws XtxException {
        XtxConnection conn = ready(XtxProtocol.GET_VERSION, System.nanoTime() + timeout.toNanos());
        synchronized (lock) {
            return conn.version == null ? "" : conn.version;
        }
    }

    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        AutoCloseable subscription = frames.onKeyChange(listener);
        connect(); // events only arrive on an open connection; failures schedule background retries
        return subscription;
    }

    /** {@code lost} when the connection drops or a ping goes unanswered; {@code connected} when it answers again. */
    @Override
    public AutoCloseable onConnectionChange(ConnectionListener listener) {
        AutoCloseable subscription = watch.subscribe(listener);
        connect();
        return subscription;
    }

    @Override
    public void close() {
        XtxConnection conn;
        List<CompletableFuture<XtxProtocol.Message>> waiting;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            conn = connection;
            connection = null;
            waiting = frames.endAll();
            reconnects.cancel();
        }
        watch.clear();
        waiting.forEach(f -> f.completeExceptionally(closedException("call")));
        if (conn != null) {
            // A call still waiting for the handshake ends now; an open connection ends with close code 1000.
            conn.ready.completeExceptionally(closedException("connect"));
            conn.closeCleanly();
        }
        scheduler.shutdownNow();
        // Ours and the library's writers; threads a listener started (they share the group) are not ours.
        Runnable cut = () -> {
            if (conn != null) {
                conn.abort("closing: the service did not answer the close");
            }
        };
        if (!threads.endWithin(t -> threads.owns(t) || t.getName().startsWith(LIBRARY_WRITER), Duration.ofSeconds(1),
                cut)) {
            LOG.warn("threads of the WebSocket client for {} still running after close", url);
        }
        LOG.debug("WebSocket client for {} closed", url);
    }

    /** Prefix of this client's thread names (tests check none outlive {@link #close()}). */
    String threadNamePrefix() {
        return threads.prefix();
    }

    // --- connection life -------------------------------------------------------------------------

    /** The current connection once it is open and has answered SOF_GetVersion. */
    private XtxConnection ready(String function, long deadline) throws XtxException {
        XtxConnection conn = connect();
        if (conn == null) {
            throw closedException(function);
        }
        await(conn.ready, function, deadline, "connecting to");
        return conn;
    }

    /** The current connection, a new attempt to open one, or null once closed. */
    private XtxConnection connect() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (connection != null) {
                return connection;
            }
            XtxConnection conn = new XtxConnection(wireUrl, url, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()),
                    settings, this);
            connection = conn;
            try {
                // The library's connect timeout covers TCP only; this one covers the handshake and SOF_GetVersion.
                conn.handshakeTimer = scheduler.schedule(() -> notOpened(conn, new XtxException(Kind.TIMEOUT,
                        "no answer within " + timeout.toMillis() + " ms while connecting to the BJCA service at " + url)),
                        timeout.toNanos(), TimeUnit.NANOSECONDS);
                conn.start(threads);
            } catch (IOException | RuntimeException e) {
                notOpened(conn, unreachable(rootMessage(e), e));
            }
            return conn;
        }
    }

    /** Handshake done: ask SOF_GetVersion in the form every service takes, without blocking this reader thread. */
    @Override
    public void opened(XtxConnection conn) {
        // The writer named itself before sending the handshake, which the service has now answered:
        // renaming it cannot race with the library.
        threads.alive().stream().filter(t -> t.getName().startsWith(LIBRARY_WRITER)).forEach(threads::adopt);
        CompletableFuture<XtxProtocol.Message> reply;
        synchronized (lock) {
            if (closed || connection != conn) {
                conn.abort();
                return;
            }
            reply = conn.askVersion(protocol, frames);
            try {
                scheduler.schedule(() -> conn.askVersionInCurrentForm(protocol, frames),
                        Math.min(SECOND_VERSION_FORM_AFTER.toNanos(), timeout.toNanos() / 2), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("closing: no second SOF_GetVersion");
            }
        }
        reply.whenComplete((message, failure) -> {
            if (failure != null) {
                notOpened(conn, failure instanceof XtxException x ? x : unreachable(rootMessage(failure), failure));
            } else {
                negotiated(conn, message);
            }
        });
    }

    private void negotiated(XtxConnection conn, XtxProtocol.Message versionReply) {
        synchronized (lock) {
            if (closed || connection != conn) {
                return;
            }
            conn.handshakeTimer.cancel(false);
            conn.versionAnswered(versionReply);
            reconnects.succeeded();
            try {
                conn.pingTask = pings.start(conn);
            } catch (RejectedExecutionException e) {
                return; // closing
            }
            LOG.info("connected to the BJCA service at {} (version {}, {} request form)", url,
                    conn.version.isEmpty() ? "not reported" : conn.version, conn.form.name().toLowerCase(Locale.ROOT));
            conn.ready.complete(null);
            // Under the lock, so that a loss reported at the same moment comes after, not before.
            watch.up();
        }
    }

    /** The connection could not be opened (refused, rejected, timed out, SOF_GetVersion unanswered). */
    private void notOpened(XtxConnection conn, XtxException why) {
        synchronized (lock) {
            conn.ready.completeExceptionally(why);
            if (connection == conn) {
                connection = null;
                scheduleReconnect();
                reconnects.failed();
                LOG.debug("cannot connect to the BJCA service at {}: {}", url, why.getMessage());
                if (!closed) {
                    watch.down(why.getMessage());
                }
            }
        }
        CompletableFuture<XtxProtocol.Message> versionReply = conn.versionReply;
        if (versionReply != null) {
            versionReply.completeExceptionally(why);
        }
        conn.abort();
    }

    /** The connection ended: if it was open, every waiting call fails now, not at its timeout. */
    @Override
    public void ended(XtxConnection conn, String why, boolean tooBig) {
        conn.handshakeTimer.cancel(false);
        if (conn.pingTask != null) {
            conn.pingTask.cancel(false);
        }
        if (!conn.wasOpen() || !conn.isReady()) {
            // Also a service that takes the handshake but not SOF_GetVersion: retried with a growing backoff.
            notOpened(conn, tooBig ? XtxConnection.tooBig(url) : unreachable(why, null));
            return;
        }
        XtxException e = tooBig ? XtxConnection.tooBig(url)
                : new XtxException(Kind.UNAVAILABLE, "connection to the BJCA service at " + url + " lost: " + why);
        conn.ready.completeExceptionally(e);
        List<CompletableFuture<XtxProtocol.Message>> waiting;
        synchronized (lock) {
            if (connection != conn) {
                return; // closed by us, or an old connection's late news
            }
            connection = null;
            waiting = frames.waiting();
            if (closed) {
                return;
            }
            LOG.warn("connection to the BJCA service at {} lost: {}", url, why);
            scheduleReconnect();
            watch.down(why);
        }
        waiting.forEach(f -> f.completeExceptionally(e));
    }

    private XtxException unreachable(String why, Throwable cause) {
        return new XtxException(Kind.UNAVAILABLE, "BJCA service not reachable at " + url + ": " + why, cause);
    }

    /** Background reconnection ({@link Reconnects}). Caller holds the lock. */
    private void scheduleReconnect() {
        if (!closed && connection == null) {
            reconnects.schedule();
        }
    }

    // --- messages --------------------------------------------------------------------------------

    private XtxProtocol.Message send(XtxConnection conn, String function, List<?> params, XtxProtocol.Form form,
                                     long deadline) throws XtxException {
        String callId = protocol.nextCallId();
        CompletableFuture<XtxProtocol.Message> reply;
        try {
            synchronized (lock) {
                if (closed) {
                    throw closedException(function);
                }
                if (connection != conn) {
                    throw new XtxException(Kind.UNAVAILABLE, function + ": the connection to the BJCA service at "
                            + url + " was lost before the call could be sent");
                }
                reply = frames.expect(callId);
                // Only queued here (the library's writer thread sends): holding the lock is cheap.
                conn.send(protocol.webSocketRequest(callId, function, params, form));
            }
            return await(reply, function, deadline, "waiting for a reply from");
        } catch (WebsocketNotConnectedException e) {
            throw new XtxException(Kind.UNAVAILABLE, function + ": could not send to the BJCA service at " + url
                    + ": the connection is closing", e);
        } finally {
            frames.forget(callId);
        }
    }

    @Override
    public void received(XtxConnection conn, String text) {
        frames.received(text).ifPresent(conn::refuse);
    }

    private <T> T await(CompletableFuture<T> future, String function, long deadline, String doing)
            throws XtxException {
        return Waits.await(future, function, deadline, doing, url, timeout);
    }

    private XtxException closedException(String function) {
        return new XtxException(Kind.UNAVAILABLE, function + ": the WebSocket client for " + url + " is closed");
    }

    static String rootMessage(Throwable t) {
        return Waits.rootMessage(t);
    }
}
