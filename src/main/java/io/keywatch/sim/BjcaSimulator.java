package io.keywatch.sim;

import io.keywatch.sim.SimulatedService.Quirk;
import io.keywatch.sim.SimulatedService.ReplyStyle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.java_websocket.WebSocket;
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
    private static final Logger LOG = LoggerFactory.getLogger(BjcaSimulator.class);

    /** The db file BJCA keeps in the user's {@code LocalLow\BJCA} folder. */
    public static final String DB_FILE_NAME = "bjca_softkey.db";
    /** What {@code SOF_GetVersion} answers by default. */
    public static final String VERSION = SimulatedComponent.VERSION;
    public static final int ERR_SOFTKEY_DB = SimulatedComponent.ERR_SOFTKEY_DB;
    public static final int ERR_NO_DEVICE = SimulatedComponent.ERR_NO_DEVICE;
    /** The frame sent instead of a reply while garbling. */
    public static final String GARBAGE = SimulatedService.GARBAGE;

    /** Field the reply value goes in (older API; see {@link ReplyStyle}). */
    public enum ReplyKey { RET_VALUE, RET_VAL }

    /** Booleans and numbers as strings or typed (older API; see {@link ReplyStyle}). */
    public enum ValueStyle { STRINGS, JSON }

    private final SimulatedComponent component;
    private final SimulatedService service;
    private final SimulatorServers servers;

    // Guarded by this:
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
        this.servers = new SimulatorServers(service);
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
        return servers.origins();
    }

    /** The close code of each WebSocket session the client ended (1000 clean, 1006 a cut connection). */
    public List<Integer> closeCodes() {
        return servers.closeCodes();
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
        servers.pushUsbkeyChange();
    }

    /** Plugs in one more key (two keys, or a second certificate); pushes onUsbkeyChange. */
    public void addKey(String userName, String serial) {
        component.addKey(userName, serial);
        servers.pushUsbkeyChange();
    }

    /** Unplugs every key; pushes onUsbkeyChange. */
    public void removeKey() {
        component.removeKey();
        servers.pushUsbkeyChange();
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

    /**
     * A hung service ({@code true}): connections stay open and requests are read, but nothing comes back,
     * not even WebSocket pongs; {@code false} thaws it.
     */
    public void freeze(boolean on) {
        servers.freeze(on);
    }

    /** Service down: the ports stop listening and every session is cut. Idempotent. */
    public void stopListening() {
        servers.stop();
        LOG.info("simulator stopped listening");
    }

    /** Service up again on the same ports. Idempotent. */
    public synchronized void startListening() throws IOException {
        requireStarted(port);
        int[] ports = servers.start(port, tls, tlsPort);
        port = ports[0];
        tlsPort = ports[1];
        LOG.info("BJCA simulator listening on {} (WebSocket and synctl){}", webSocketUrl(),
                tls == null ? "" : " and " + secureWebSocketUrl());
    }

    /** Waits until at least {@code count} WebSocket sessions are open (tests use it instead of sleeping). */
    public boolean awaitWebSocketSessions(int count, Duration timeout) throws InterruptedException {
        return servers.awaitWebSocketSessions(count, timeout);
    }

    /** Runs the simulator standalone; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(SimulatorCommand.run(args, System.in, System.out));
    }

    /** Stops the servers and the simulator's threads; the db stays. */
    @Override
    public void close() {
        servers.close();
        synchronized (this) {
            if (tls != null) {
                tls.close();
            }
        }
    }

    private static int requireStarted(int port) {
        if (port < 0) {
            throw new IllegalStateException("simulator not started");
        }
        return port;
    }

}
