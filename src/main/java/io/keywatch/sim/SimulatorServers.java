package io.keywatch.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keywatch.sim.SimulatedService.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
 * The simulator's transport: a {@link FrontDoor} on the public port (and one on the TLS port) in
 * front of a Java-WebSocket server for {@code /xtxapp/} and the JDK's HTTP server for
 * {@code /synctl}, both on private loopback ports. Every request goes to the {@link SimulatedService}.
 */
final class SimulatorServers implements AutoCloseable {
    /** When a frame still queued after a send counts as stalled (see {@code Server.flushLater}). */
    private static final long STALLED_SEND_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorServers.class);
    /** 127.0.0.1 exactly (not ::1 even where IPv6 is preferred): the URLs name it. */
    static final InetAddress LOOPBACK = loopbackV4();

    private final SimulatedService service;
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor(daemon("bjca-sim-reply"));
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("bjca-sim-conn"));
    private final List<String> origins = new CopyOnWriteArrayList<>();
    private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    private final Object sessions = new Object();

    // Guarded by this; webSocket also read without the lock:
    private volatile Server webSocket;
    private HttpServer synctl;
    private FrontDoor plainDoor;
    private FrontDoor tlsDoor;

    SimulatorServers(SimulatedService service) {
        this.service = service;
    }

    List<String> origins() {
        return List.copyOf(origins);
    }

    List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    private volatile boolean frozen;

    /** Hung service: nothing the servers send reaches a client (also for connections opened later). */
    synchronized void freeze(boolean on) {
        frozen = on;
        for (FrontDoor d : new FrontDoor[] {plainDoor, tlsDoor}) {
            if (d != null) {
                d.freeze(on);
            }
        }
    }

    synchronized boolean listening() {
        return plainDoor != null;
    }

    /** The ports actually bound: {@code [plain, tls or -1]}. */
    synchronized int[] start(int port, SimulatorTls tls, int tlsPort) throws IOException {
        if (plainDoor != null) {
            return new int[] {plainDoor.port(), tlsDoor == null ? -1 : tlsDoor.port()};
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
            plainDoor.freeze(frozen);
            plainDoor.start();
            if (tls != null) {
                tlsDoor = new FrontDoor(listen(tls.serverSocket(), tlsPort, "wss/https"), ws, sync, connections);
                tlsDoor.freeze(frozen);
                tlsDoor.start();
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
        service.started();
        return new int[] {plainDoor.port(), tlsDoor == null ? -1 : tlsDoor.port()};
    }

    /** Stops listening and cuts every session. Idempotent. */
    synchronized void stop() {
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
    boolean awaitWebSocketSessions(int count, Duration timeout) throws InterruptedException {
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

    @Override
    public void close() {
        stop();
        delayed.shutdownNow();
        connections.shutdownNow();
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

    void pushUsbkeyChange() {
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
