package io.keywatch.sim;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * A BJCA certificate environment on loopback, for the demo and the tests: the WebSocket service and
 * the HTTP {@code synctl} endpoint speaking the protocol of {@code reference/bjca-xtx.md}, one
 * scriptable virtual key, and the incident reproduced faithfully — a {@code bjca_softkey.db} written
 * by another machine makes {@code CheckSoftDeviceEnv} answer false; once it is gone the next check
 * creates a fresh db and answers true.
 *
 * <p>Two ports: the real service answers WebSocket and {@code synctl} on one port (21051), but
 * Java-WebSocket rejects every request that is not a WebSocket upgrade before any hook sees it, so
 * {@code synctl} is served by the JDK's HTTP server on a second port ({@link #synctlUrl()}). Both
 * bind 127.0.0.1 only.
 *
 * <p>Fault switches for tests: {@link #replyDelay slow replies}, {@link #garbleReplies garbage frames},
 * {@link #dropOnNextRequest dropped connections}, {@link #stopListening service down}; and
 * {@link #checkCalls()} counts {@code CheckSoftDeviceEnv} calls. Thread-safe.
 */
public final class BjcaSimulator implements AutoCloseable {
    /** When a frame still queued after a send counts as stalled (see {@code Server.flushLater}). */
    private static final long STALLED_SEND_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(BjcaSimulator.class);

    /** The db file BJCA keeps in the user's {@code LocalLow\BJCA} folder. */
    public static final String DB_FILE_NAME = "bjca_softkey.db";
    /** What {@code SOF_GetVersion} answers. */
    public static final String VERSION = "3.4.1.0-sim";
    /** {@code SOF_GetLastError} after a failed {@code CheckSoftDeviceEnv} (the real code is not public). */
    public static final int ERR_SOFTKEY_DB = 0x0A00_0001;
    /** {@code SOF_GetLastError} after {@code GetDeviceInfo} for an unknown serial or type. */
    public static final int ERR_NO_DEVICE = 0x0A00_0002;
    /** 127.0.0.1 exactly (not ::1 even where IPv6 is preferred): the URLs name it. */
    private static final InetAddress LOOPBACK = loopbackV4();

    /** The frame sent instead of a reply while garbling. */
    public static final String GARBAGE = "<html>502 Bad Gateway</html>";

    /** Field the reply value goes in: newer services use {@code retValue}, older ones {@code retVal}. */
    public enum ReplyKey {
        RET_VALUE("retValue"), RET_VAL("retVal");

        private final String field;

        ReplyKey(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** How booleans and numbers are written: as strings ("true", "1") or as JSON booleans and numbers. */
    public enum ValueStyle { STRINGS, JSON }

    private final Path bjcaFolder;
    private final String machineId;
    private final String sessionToken = "sim-" + UUID.randomUUID();
    private final AtomicInteger checkCalls = new AtomicInteger();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> callsByFunction =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService delayed;
    private final ExecutorService httpHandlers;

    private final Object lock = new Object();
    // Guarded by lock:
    private String keyUser;
    private String keySerial;
    private int lastError;
    private String lastErrMsg = "";
    private ReplyKey replyKey = ReplyKey.RET_VALUE;
    private ValueStyle valueStyle = ValueStyle.STRINGS;
    private Duration delay = Duration.ZERO;
    private int garble;
    private boolean dropNext;
    private String lastRequestToken;
    private DbRebuild rebuild = DbRebuild.COMPONENT;

    // Changed under this (lifecycle), read anywhere:
    private volatile Server webSocket;
    private HttpServer synctl;
    private int webSocketPort = -1;
    private int synctlPort = -1;

    /** A simulator whose machine id is random (a fresh PC). */
    public BjcaSimulator(Path bjcaFolder) {
        this(bjcaFolder, "SIM-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * @param bjcaFolder the sandbox {@code LocalLow\BJCA} folder holding {@value #DB_FILE_NAME}
     * @param machineId  the identity of "this PC": a db written by another id is rejected
     */
    public BjcaSimulator(Path bjcaFolder, String machineId) {
        this.bjcaFolder = Objects.requireNonNull(bjcaFolder, "bjcaFolder");
        this.machineId = SimulatedSoftkeyDb.requireMachineId(machineId);
        this.delayed = Executors.newSingleThreadScheduledExecutor(daemon("bjca-sim-reply"));
        this.httpHandlers = Executors.newCachedThreadPool(daemon("bjca-sim-synctl"));
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

    /** Starts both servers on any free ports. */
    public BjcaSimulator start() throws IOException {
        return start(0, 0);
    }

    /**
     * Starts the WebSocket service and the {@code synctl} endpoint on 127.0.0.1.
     *
     * @param webSocketPort 0 for any free port, 21051 to stand in for the real service
     * @param synctlPort    0 for any free port
     */
    public synchronized BjcaSimulator start(int webSocketPort, int synctlPort) throws IOException {
        if (webSocket != null) {
            throw new IllegalStateException("simulator already started");
        }
        this.webSocketPort = webSocketPort;
        this.synctlPort = synctlPort;
        startListening();
        return this;
    }

    /** The WebSocket service URL, {@code ws://127.0.0.1:<port>/xtxapp/}. */
    public synchronized URI webSocketUrl() {
        return URI.create("ws://127.0.0.1:" + requireStarted(webSocketPort) + "/xtxapp/");
    }

    /** The synchronous HTTP endpoint, {@code http://127.0.0.1:<port>/synctl}. */
    public synchronized URI synctlUrl() {
        return URI.create("http://127.0.0.1:" + requireStarted(synctlPort) + "/synctl");
    }

    public String machineId() {
        return machineId;
    }

    public Path bjcaFolder() {
        return bjcaFolder;
    }

    /** Where the db lives: {@code <bjcaFolder>/bjca_softkey.db}. */
    public Path dbFile() {
        return bjcaFolder.resolve(DB_FILE_NAME);
    }

    /** The token every reply carries; clients should send it back. */
    public String sessionToken() {
        return sessionToken;
    }

    /** The token of the last request that carried one. */
    public Optional<String> lastRequestToken() {
        synchronized (lock) {
            return Optional.ofNullable(lastRequestToken);
        }
    }

    /** How many times {@code CheckSoftDeviceEnv} was called (storm tests count these). */
    public int checkCalls() {
        return checkCalls.get();
    }

    /** How many times {@code function} was called, over both transports. */
    public int calls(String function) {
        AtomicInteger n = callsByFunction.get(function);
        return n == null ? 0 : n.get();
    }

    // --- the virtual key -------------------------------------------------------------------------

    /** Plugs in a key holding one certificate {@code userName||UserKey/serial}; pushes onUsbkeyChange. */
    public void insertKey(String userName, String serial) {
        if (userName.contains("||") || userName.contains("&&&") || serial.contains(";") || serial.contains("&&&")) {
            throw new IllegalArgumentException("key user and serial must not contain BJCA separators (||, &&&, ;)");
        }
        synchronized (lock) {
            keyUser = userName;
            keySerial = serial;
        }
        pushUsbkeyChange();
    }

    /** Unplugs the key; pushes onUsbkeyChange. */
    public void removeKey() {
        synchronized (lock) {
            keyUser = null;
            keySerial = null;
        }
        pushUsbkeyChange();
    }

    // --- reply options and faults ----------------------------------------------------------------

    /** Reply spelling and value style, e.g. {@code RET_VAL} + {@code JSON} like older services. */
    public void replyStyle(ReplyKey key, ValueStyle style) {
        synchronized (lock) {
            replyKey = Objects.requireNonNull(key);
            valueStyle = Objects.requireNonNull(style);
        }
    }

    /** Who recreates a missing db: the component on the next check (default), or only the assistant. */
    public void rebuild(DbRebuild who) {
        synchronized (lock) {
            rebuild = Objects.requireNonNull(who);
        }
    }

    /** Every reply is sent this late (zero: at once). */
    public void replyDelay(Duration delay) {
        synchronized (lock) {
            this.delay = delay.isNegative() ? Duration.ZERO : delay;
        }
    }

    /** The next {@code count} replies are {@link #GARBAGE} instead of JSON. */
    public void garbleReplies(int count) {
        synchronized (lock) {
            garble = Math.max(0, count);
        }
    }

    /** The next request is not answered: every WebSocket session is cut (for synctl: that connection). */
    public void dropOnNextRequest() {
        synchronized (lock) {
            dropNext = true;
        }
    }

    /** Service down: both servers stop listening and every session is closed. Idempotent. */
    public synchronized void stopListening() {
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
        requireStarted(webSocketPort);
        if (webSocket == null) {
            Server server = new Server(new InetSocketAddress(LOOPBACK, webSocketPort));
            server.start();
            try {
                server.started.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the simulator", e);
            } catch (ExecutionException | TimeoutException e) {
                stopQuietly(server);
                throw new IOException("simulator cannot listen on 127.0.0.1:" + webSocketPort + ": "
                        + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            }
            webSocket = server;
            webSocketPort = server.getPort();
        }
        if (synctl == null) {
            HttpServer http;
            try {
                http = HttpServer.create(new InetSocketAddress(LOOPBACK, synctlPort), 0);
            } catch (IOException e) {
                throw new IOException("simulator cannot listen for synctl on 127.0.0.1:" + synctlPort + ": "
                        + e.getMessage(), e);
            }
            http.createContext("/synctl", this::synctlExchange);
            http.setExecutor(httpHandlers);
            http.start();
            synctl = http;
            synctlPort = http.getAddress().getPort();
        }
        LOG.info("BJCA simulator listening on {} and {}", webSocketUrl(), synctlUrl());
    }

    /** Waits until at least {@code count} WebSocket sessions are open (tests use it instead of sleeping). */
    public boolean awaitWebSocketSessions(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (openSessions() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Runs the simulator standalone; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(SimulatorCommand.run(args, System.in, System.out));
    }

    /** Stops both servers and the simulator's threads; the db stays. */
    @Override
    public void close() {
        stopListening();
        delayed.shutdownNow();
        httpHandlers.shutdownNow();
    }

    // --- protocol --------------------------------------------------------------------------------

    /** Answers one request (WebSocket frame or synctl body), honouring the fault switches. */
    private void handle(String requestText, Consumer<String> respond, Runnable drop) {
        String reply;
        Duration wait;
        synchronized (lock) {
            if (dropNext) {
                dropNext = false;
                reply = null;
                wait = Duration.ZERO;
            } else {
                reply = answer(requestText);
                if (garble > 0) {
                    garble--;
                    reply = GARBAGE;
                }
                wait = delay;
            }
        }
        LOG.debug("simulator request {} -> reply {}", requestText, reply);
        if (reply == null) {
            LOG.info("simulator drops the connection instead of answering");
            drop.run();
            return;
        }
        if (wait.isZero()) {
            respond.accept(reply);
        } else {
            String r = reply;
            try {
                delayed.schedule(() -> respond.accept(r), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("simulator closed before a delayed reply");
            }
        }
    }

    /** Caller holds the lock. */
    private String answer(String requestText) {
        Map<String, Object> reply = new LinkedHashMap<>();
        Map<?, ?> request;
        try {
            Object parsed = JSON.std.anyFrom(requestText);
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new IOException("not a JSON object");
            }
            request = m;
        } catch (IOException | RuntimeException e) {
            reply.put("error", "request is not a JSON object: " + e.getMessage());
            return write(reply);
        }
        Object callId = request.get("call_cmd_id");
        if (callId != null) {
            reply.put("call_cmd_id", callId);
        }
        if (request.get("token") instanceof String t) {
            lastRequestToken = t;
        }
        Object function = request.get("xtx_func_name") != null ? request.get("xtx_func_name") : request.get("func");
        List<Object> params = params(request);
        Object value;
        try {
            value = call(String.valueOf(function), params);
        } catch (IllegalArgumentException e) {
            reply.put("error", e.getMessage());
            return write(reply);
        }
        reply.put(replyKey.field(), styled(value));
        reply.put("token", sessionToken);
        return write(reply);
    }

    private static List<Object> params(Map<?, ?> request) {
        if (request.get("param") instanceof List<?> list && !list.isEmpty()) {
            return new ArrayList<>(list);
        }
        List<Object> params = new ArrayList<>();
        for (int i = 1; request.containsKey("param_" + i); i++) {
            params.add(request.get("param_" + i));
        }
        return params;
    }

    /** The functions of the reference table. Caller holds the lock. */
    private Object call(String function, List<Object> params) {
        callsByFunction.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
        switch (function) {
            case "CheckSoftDeviceEnv": {
                checkCalls.incrementAndGet();
                SimulatedSoftkeyDb.Outcome outcome = SimulatedSoftkeyDb.check(dbFile(), machineId, rebuild);
                setError(outcome.ok() ? 0 : ERR_SOFTKEY_DB, outcome.problem());
                return outcome.ok();
            }
            case "SOF_GetVersion":
                return VERSION;
            case "SOF_GetUserList":
                return keyUser == null ? "" : keyUser + "||UserKey/" + keySerial + "&&&";
            case "GetDeviceCount":
                return keyUser == null ? 0 : 1;
            case "GetAllDeviceSN":
                return keyUser == null ? "" : keySerial + ";";
            case "GetDeviceInfo":
                return deviceInfo(param(params, 0), param(params, 1));
            case "EnableSoftDevice":
                setError(0, "");
                return true;
            case "SOF_GetLastError":
                return lastError;
            case "SOF_GetLastErrMsg":
                return lastErrMsg;
            default:
                throw new IllegalArgumentException("unknown function: " + function);
        }
    }

    private String deviceInfo(String serial, String type) {
        if (keySerial == null || !keySerial.equals(serial)) {
            setError(ERR_NO_DEVICE, "no device with serial " + serial);
            return "";
        }
        String info = switch (type.trim()) {
            case "1" -> "BJCA SIM KEY";
            case "3" -> keySerial;
            case "4" -> "SM2";
            case "7" -> "HARD";
            case "8" -> "SimGM3000.dll";
            default -> null;
        };
        if (info == null) {
            setError(ERR_NO_DEVICE, "unknown device info type " + type);
            return "";
        }
        setError(0, "");
        return info;
    }

    private static String param(List<Object> params, int index) {
        return index < params.size() && params.get(index) != null ? String.valueOf(params.get(index)) : "";
    }

    private void setError(int code, String message) {
        lastError = code;
        lastErrMsg = message;
    }

    private Object styled(Object value) {
        if (valueStyle == ValueStyle.STRINGS && (value instanceof Boolean || value instanceof Number)) {
            return value.toString();
        }
        return value;
    }

    private static String write(Map<String, Object> map) {
        try {
            return JSON.std.asString(map);
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
            handle(body, reply::complete, () -> reply.complete(null));
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
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            sessionsChanged();
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            sessionsChanged();
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            handle(message, reply -> {
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
