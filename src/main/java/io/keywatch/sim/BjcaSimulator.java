package io.keywatch.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keywatch.sim.SimulatedService.Quirk;
import io.keywatch.sim.SimulatedService.ReplyStyle;
import io.keywatch.sim.SimulatedService.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BJCA certificate environment on loopback, for the demo and the tests. Three parts:
 * <ul>
 *   <li>{@link SimulatedComponent}: the keys, the softkey db, one handler per BJCA function (the
 *       incident reproduced faithfully: a {@code bjca_softkey.db} written by another machine makes
 *       {@code CheckSoftDeviceEnv} answer false; once it is gone the next check creates a fresh db);</li>
 *   <li>{@link SimulatedService}: how replies are spelled ({@link ReplyStyle}) and the real
 *       service's {@link Quirk}s, plus test faults (late, garbled, dropped replies);</li>
 *   <li>this class: the transport. <b>One port</b> serves the WebSocket service ({@code /xtxapp/})
 *       and HTTP {@code POST /synctl}, as the real service does on 21051 (a {@link FrontDoor}
 *       dispatches to a Java-WebSocket server and the JDK's HTTP server on private ports); optionally
 *       a TLS port ({@code wss://}, {@code https://}, as 21061) with a certificate made at start.
 *       Everything binds 127.0.0.1 only.</li>
 * </ul>
 * Thread-safe.
 */
public final class BjcaSimulator implements AutoCloseable {
    /** When a frame still queued after a send counts as stalled (see {@code Server.flushLater}). */
    private static final long STALLED_SEND_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(BjcaSimulator.class);

    /** The db file BJCA keeps in the user's {@code LocalLow\BJCA} folder. */
    public static final String DB_FILE_NAME = "bjca_softkey.db";
    /** What {@code SOF_GetVersion} answers by default. */
    public static final String VERSION = SimulatedComponent.VERSION;
    public static final int ERR_SOFTKEY_DB = SimulatedComponent.ERR_SOFTKEY_DB;
    public static final int ERR_NO_DEVICE = SimulatedComponent.ERR_NO_DEVICE;
    /** The frame sent instead of a reply while garbling. */
    public static final String GARBAGE = SimulatedService.GARBAGE;
    /** 127.0.0.1 exactly (not ::1 even where IPv6 is preferred): the URLs name it. */
    private static final InetAddress LOOPBACK = loopbackV4();

    /** Field the reply value goes in (older API; see {@link ReplyStyle}). */
    public enum ReplyKey { RET_VALUE, RET_VAL }

    /** Booleans and numbers as strings or typed (older API; see {@link ReplyStyle}). */
    public enum ValueStyle { STRINGS, JSON }

    private final SimulatedComponent component;
    private final SimulatedService service;
    private final ScheduledExecutorService delayed;
    private final ExecutorService connections;
    private final List<String> origins = new CopyOnWriteArrayList<>();
    private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    private final Object sessions = new Object();

    // Changed under this (lifecycle), read anywhere:
    private volatile Server webSocket;
    private HttpServer synctl;
    private FrontDoor plainDoor;
    private FrontDoor tlsDoor;
    private SimulatorTls tls;
    private int port = -1;
    private int tlsPort = -1;

    /** A simulator whose machine id is random (a fresh PC). */
    public BjcaSimulator(Path bjcaFolder) {
        this(bjcaFolder, "SIM-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * @param bjcaFolder the sandbox {@code LocalLow\BJCA} folder holding {@value #DB_FILE_NAME}
     * @param machineId  the identity of "this PC": a db written by another id is rejected
     */
    public BjcaSimulator(Path bjcaFolder, String machineId) {
        this.component = new SimulatedComponent(bjcaFolder, machineId);
        this.service = new SimulatedService(component);
        this.delayed = Executors.newSingleThreadScheduledExecutor(daemon("bjca-sim-reply"));
        this.connections = Executors.newCachedThreadPool(daemon("bjca-sim-conn"));
    }

    /** Writes a db "carried over" from {@code otherMachineId}, dated {@code created} (mtime, creation time best effort). */
    public static void writeForeignDb(Path bjcaFolder, String otherMachineId, Instant created) throws IOException {
        SimulatedSoftkeyDb.write(bjcaFolder.resolve(DB_FILE_NAME), otherMachineId, created);
    }

    /**
     * When a simulated db says it was created. Linux cannot set a file's creation time, but Windows
     * keeps an image's creation time on deployment; a sandbox reads it from here to play that part.
     */
    public static Optional<Instant> recordedCreation(Path dbFile) {
        return SimulatedSoftkeyDb.readCreated(dbFile);
    }

    /** The component: keys, db, functions ({@link SimulatedComponent#register} adds one). */
    public SimulatedComponent component() {
        return component;
    }

    /** The service: reply styles, quirks, recorded requests. */
    public SimulatedService service() {
        return service;
    }

    /** Starts on any free port. */
    public BjcaSimulator start() throws IOException {
        return start(0);
    }

    /**
     * Starts WebSocket and {@code synctl} on one port of 127.0.0.1 (and TLS when {@link #tls(int)} asked).
     *
     * @param port 0 for any free port, 21051 to stand in for the real service
     */
    public synchronized BjcaSimulator start(int port) throws IOException {
        if (this.port >= 0) {
            throw new IllegalStateException("simulator already started");
        }
        this.port = port;
        startListening();
        return this;
    }

    /**
     * Before 2026-12 the simulator served {@code synctl} on a port of its own; it now shares the
     * WebSocket's port as the real service does, and {@code synctlPort} is ignored.
     */
    @Deprecated
    public BjcaSimulator start(int port, int synctlPort) throws IOException {
        return start(port);
    }

    /**
     * Also serve {@code wss://} and {@code https://…/synctl} on {@code port} (0: any free port; 21061
     * like the real service), with a self-signed certificate for 127.0.0.1 made when the simulator starts.
     * Call before {@link #start}.
     */
    public synchronized BjcaSimulator tls(int port) {
        if (this.port >= 0) {
            throw new IllegalStateException("tls(port) must come before start()");
        }
        this.tlsPort = port;
        this.tls = new SimulatorTls();
        return this;
    }

    /** The WebSocket service URL, {@code ws://127.0.0.1:<port>/xtxapp/}. */
    public synchronized URI webSocketUrl() {
        return URI.create("ws://127.0.0.1:" + requireStarted(port) + "/xtxapp/");
    }

    /** The synchronous HTTP endpoint on the same port, {@code http://127.0.0.1:<port>/synctl}. */
    public synchronized URI synctlUrl() {
        return URI.create("http://127.0.0.1:" + requireStarted(port) + "/synctl");
    }

    /** {@code wss://127.0.0.1:<tls port>/xtxapp/}; only with {@link #tls(int)}. */
    public synchronized URI secureWebSocketUrl() {
        return URI.create("wss://127.0.0.1:" + requireStarted(tlsPort) + "/xtxapp/");
    }

    /** {@code https://127.0.0.1:<tls port>/synctl}; only with {@link #tls(int)}. */
    public synchronized URI secureSynctlUrl() {
        return URI.create("https://127.0.0.1:" + requireStarted(tlsPort) + "/synctl");
    }

    /** The TLS port's certificate, PEM (what BJCA's {@code Program\trust.pem} holds for the real one). */
    public synchronized String tlsCertificatePem() {
        if (tls == null) {
            throw new IllegalStateException("simulator has no TLS port");
        }
        return tls.certificatePem();
    }

    public String machineId() {
        return component.machineId();
    }

    public Path bjcaFolder() {
        return component.bjcaFolder();
    }

    /** Where the db lives: {@code <bjcaFolder>/bjca_softkey.db}. */
    public Path dbFile() {
        return component.dbFile();
    }

    /** The token every reply carries; clients should send it back. */
    public String sessionToken() {
        return service.sessionToken();
    }

    /** The token of the last request that carried one. */
    public Optional<String> lastRequestToken() {
        return service.lastRequestToken();
    }

    /** The last requests as parsed (WebSocket frames and synctl bodies), oldest first. */
    public List<Map<String, Object>> requests() {
        return service.requests();
    }

    /** The {@code Origin} of each WebSocket handshake ("" when none was sent), in order. */
    public List<String> origins() {
        return List.copyOf(origins);
    }

    /** The close code of each WebSocket session the client ended (1000 clean, 1006 a cut connection). */
    public List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    /** How many times {@code CheckSoftDeviceEnv} was called (storm tests count these). */
    public int checkCalls() {
        return component.checkCalls();
    }

    /** How many times {@code function} was called, over both transports. */
    public int calls(String function) {
        return component.calls(function);
    }

    // --- the virtual key -------------------------------------------------------------------------

    /** Plugs in a key holding one certificate {@code userName||UserKey/serial}; pushes onUsbkeyChange. */
    public void insertKey(String userName, String serial) {
        component.insertKey(userName, serial);
        pushUsbkeyChange();
    }

    /** Plugs in one more key (two keys, or a second certificate); pushes onUsbkeyChange. */
    public void addKey(String userName, String serial) {
        component.addKey(userName, serial);
        pushUsbkeyChange();
    }

    /** Unplugs every key; pushes onUsbkeyChange. */
    public void removeKey() {
        component.removeKey();
        pushUsbkeyChange();
    }

    /** Who recreates a missing db: the component on the next check (default), or only the stand-in assistant. */
    public void rebuild(DbRebuild who) {
        component.rebuild(who);
    }

    // --- reply options and faults ----------------------------------------------------------------

    /** WebSocket reply spelling and value style (older API). */
    public void replyStyle(ReplyKey key, ValueStyle style) {
        replyStyle(key == ReplyKey.RET_VALUE
                ? (style == ValueStyle.STRINGS ? ReplyStyle.RET_VALUE_STRINGS : ReplyStyle.RET_VALUE_TYPED)
                : (style == ValueStyle.STRINGS ? ReplyStyle.RET_VAL_STRINGS : ReplyStyle.RET_VAL_TYPED));
    }

    /** WebSocket and synctl replies in this style (the default: retValue strings, synctl typed). */
    public void replyStyle(ReplyStyle style) {
        service.webSocketStyle(style);
        service.synctlStyle(style);
    }

    /** Exactly these quirks are on. */
    public void quirks(Quirk... on) {
        service.quirks(on.length == 0 ? EnumSet.noneOf(Quirk.class) : EnumSet.of(on[0], on));
    }

    /** Every reply is sent this late (zero: at once). */
    public void replyDelay(Duration delay) {
        service.replyDelay(delay);
    }

    /** The next {@code count} replies are {@link #GARBAGE} instead of JSON. */
    public void garbleReplies(int count) {
        service.garbleReplies(count);
    }

    /** The next request is not answered: every WebSocket session is cut (for synctl: that connection). */
    public void dropOnNextRequest() {
        service.dropOnNextRequest();
    }

    /** Service down: the ports stop listening and every session is cut. Idempotent. */
    public synchronized void stopListening() {
        if (plainDoor != null) {
            plainDoor.close();
            plainDoor = null;
        }
        if (tlsDoor != null) {
            tlsDoor.close();
            tlsDoor = null;
        }
        if (webSocket != null) {
            try {
                webSocket.stop(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            webSocket = null;
        }
        if (synctl != null) {
            synctl.stop(0);
            synctl = null;
        }
        LOG.info("simulator stopped listening");
    }

    /** Service up again on the same ports. Idempotent. */
    public synchronized void startListening() throws IOException {
        requireStarted(port);
        if (plainDoor != null) {
            return;
        }
        try {
            Server server = new Server(new InetSocketAddress(LOOPBACK, 0));
            server.start();
            webSocket = server;
            try {
                server.started.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the simulator", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("simulator cannot start its WebSocket server: "
                        + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            }
            HttpServer http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
            http.createContext("/synctl", this::synctlExchange);
            http.setExecutor(connections);
            http.start();
            synctl = http;
            InetSocketAddress ws = new InetSocketAddress(LOOPBACK, server.getPort());
            InetSocketAddress sync = new InetSocketAddress(LOOPBACK, http.getAddress().getPort());
            plainDoor = new FrontDoor(listen(new ServerSocket(), port, "ws/http"), ws, sync, connections);
            port = plainDoor.port();
            plainDoor.start();
            if (tls != null) {
                tlsDoor = new FrontDoor(listen(tls.serverSocket(), tlsPort, "wss/https"), ws, sync, connections);
                tlsPort = tlsDoor.port();
                tlsDoor.start();
            }
        } catch (IOException | RuntimeException e) {
            stopListening();
            throw e;
        }
        service.started();
        LOG.info("BJCA simulator listening on {} (WebSocket and synctl){}", webSocketUrl(),
                tlsDoor == null ? "" : " and " + secureWebSocketUrl());
    }

    private static ServerSocket listen(ServerSocket socket, int port, String what) throws IOException {
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("simulator cannot listen (" + what + ") on 127.0.0.1:" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** Waits until at least {@code count} WebSocket sessions are open (tests use it instead of sleeping). */
    public boolean awaitWebSocketSessions(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (sessions) {
            while (openSessions() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(sessions, left);
            }
            return true;
        }
    }

    /** Runs the simulator standalone; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(SimulatorCommand.run(args, System.in, System.out));
    }

    /** Stops the servers and the simulator's threads; the db stays. */
    @Override
    public void close() {
        stopListening();
        delayed.shutdownNow();
        connections.shutdownNow();
        synchronized (this) {
            if (tls != null) {
                tls.close();
            }
        }
    }

    // --- protocol --------------------------------------------------------------------------------

    /** Answers one request (WebSocket frame or synctl body), honouring the fault switches. */
    private void handle(String requestText, Transport transport, Consumer<String> respond,
                        Runnable drop) {
        SimulatedService.Reply reply = service.answer(requestText, transport);
        LOG.debug("simulator request {} -> reply {}", requestText, reply.frames());
        if (reply.drop()) {
            LOG.info("simulator drops the connection instead of answering");
            drop.run();
            return;
        }
        Runnable send = () -> reply.frames().forEach(respond);
        if (reply.delay().isZero()) {
            send.run();
        } else {
            try {
                delayed.schedule(send, reply.delay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("simulator closed before a delayed reply");
            }
        }
    }

    private void pushUsbkeyChange() {
        Server server = webSocket;
        if (server != null) {
            server.broadcast("{\"call_cmd_id\":\"onUsbkeyChange\"}");
            server.getConnections().forEach(server::flushLater);
        }
    }


    // --- transports ------------------------------------------------------------------------------

    private void synctlExchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":\"synctl accepts POST only\"}");
                return;
            }
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            CompletableFuture<String> reply = new CompletableFuture<>();
            handle(body, Transport.SYNCTL, reply::complete, () -> reply.complete(null));
            String text;
            try {
                text = reply.get(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
            if (text != null) {
                send(exchange, 200, text);
            }
            // null: dropped; closing the exchange without headers closes the connection.
        }
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private int openSessions() {
        Server server = webSocket;
        return server == null ? 0 : server.getConnections().size();
    }

    private void sessionsChanged() {
        synchronized (sessions) {
            sessions.notifyAll();
        }
    }

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for a 4-byte address
        }
    }

    private static int requireStarted(int port) {
        if (port < 0) {
            throw new IllegalStateException("simulator not started");
        }
        return port;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The WebSocket side of the service. */
    private final class Server extends WebSocketServer {
        final CompletableFuture<Void> started = new CompletableFuture<>();

        Server(InetSocketAddress address) {
            super(address);
            setReuseAddr(true);
            setTcpNoDelay(true); // replies are tiny: no Nagle delay
            setDaemon(true);
        }

        @Override
        public void onStart() {
            started.complete(null);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            origins.add(handshake.hasFieldValue("Origin") ? handshake.getFieldValue("Origin") : "");
            sessionsChanged();
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            if (remote) {
                closeCodes.add(code);
            }
            sessionsChanged();
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            handle(message, Transport.WEBSOCKET, reply -> {
                if (conn.isOpen()) {
                    conn.send(reply);
                    flushLater(conn);
                }
            }, () -> getConnections().forEach(c -> c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by simulator")));
        }

        /**
         * Java-WebSocket's server can lose a connection's write interest: when a frame is queued from
         * another thread just as the selector thread has emptied the queue, the selector then sets the
         * interest back to read-only (WebSocketServer.doWrite after SocketChannelIOHelper.batch) and the
         * frame waits for the next send. The benchmark saw one reply wait 5 s in 400 under load. A look
         * shortly after each send re-arms the write interest if anything is still queued.
         */
        void flushLater(WebSocket conn) {
            try {
                delayed.schedule(() -> {
                    if (conn.isOpen() && conn.hasBufferedData()) {
                        LOG.debug("simulator: re-arming a stalled send");
                        onWriteDemand(conn);
                    }
                }, STALLED_SEND_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("simulator closing: no flush check");
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                started.completeExceptionally(ex);
            } else {
                LOG.debug("simulator session error: {}", ex.toString());
            }
        }
    }
}
