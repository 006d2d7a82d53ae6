package io.keywatch.bjca;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/** A minimal WebSocket server written for tests, independent of the simulator: a script answers each request. */
final class ScriptedWebSocketServer extends WebSocketServer implements AutoCloseable {

    interface Script {
        void onRequest(WebSocket conn, Map<String, Object> request) throws IOException;
    }

    private final Script script;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    /** When each WebSocket ping arrived ({@link System#nanoTime()}); each is answered with a pong. */
    final BlockingQueue<Long> pings = new LinkedBlockingQueue<>();
    /** False: pings are counted but never answered, as a service that ignores them would. */
    volatile boolean answerPings = true;

    private ScriptedWebSocketServer(Script script) {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.script = script;
        setReuseAddr(true);
        setDaemon(true);
    }

    static ScriptedWebSocketServer start(Script script) throws Exception {
        ScriptedWebSocketServer server = new ScriptedWebSocketServer(script);
        server.start();
        server.started.get(10, TimeUnit.SECONDS);
        return server;
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + getPort() + "/xtxapp/");
    }

    /** Sends {@code call_cmd_id} of the request plus the given fields. */
    static void reply(WebSocket conn, Map<String, Object> request, Object... keysAndValues) throws IOException {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("call_cmd_id", request.get("call_cmd_id"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            reply.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        conn.send(JSON.std.asString(reply));
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        try {
            script.onRequest(conn, JSON.std.mapFrom(message));
        } catch (IOException e) {
            conn.close();
        }
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        pings.add(System.nanoTime());
        if (answerPings) {
            super.onWebsocketPing(conn, f);
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            started.completeExceptionally(ex);
        }
    }

    @Override
    public void onStart() {
        started.complete(null);
    }

    @Override
    public void close() {
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
