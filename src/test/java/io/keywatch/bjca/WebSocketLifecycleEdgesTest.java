package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket client's connection life at its edges: who makes it reconnect, what a closed
 * subscription or client still hears, the handshake bound once the connection is up, and the second
 * SOF_GetVersion form under a short call timeout.
 */
class WebSocketLifecycleEdgesTest {

    /** A service that answers SOF_GetVersion and then closes the connection; counts connections. */
    private static ScriptedWebSocketServer closingAfterVersion(AtomicInteger connections) throws Exception {
        return ScriptedWebSocketServer.start((conn, request) -> {
            if ("SOF_GetVersion".equals(request.get("xtx_func_name"))) {
                connections.incrementAndGet();
                ScriptedWebSocketServer.reply(conn, request, "retValue", "3.7.418.0");
                conn.close(1001, "going away");
            }
        });
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void withoutListenersALostConnectionIsNotReopenedInTheBackground() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ScriptedWebSocketServer server = closingAfterVersion(connections);
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), Duration.ofSeconds(5))) {
            assertThat(client.version()).isEqualTo("3.7.418.0");
            Thread.sleep(Reconnects.MIN_BACKOFF_MILLIS + 700);
            assertThat(connections).as("nobody listens: the next call connects, not a timer").hasValue(1);
        }
    }

    @Test
    void withAListenerALostConnectionIsReopenedAndAClosedSubscriptionHearsNothing() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ScriptedWebSocketServer server = closingAfterVersion(connections);
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), Duration.ofSeconds(5))) {
            ConnectionAndTlsTest.Events kept = new ConnectionAndTlsTest.Events();
            ConnectionAndTlsTest.Events dropped = new ConnectionAndTlsTest.Events();
            client.onConnectionChange(kept);
            AutoCloseable subscription = client.onConnectionChange(dropped);
            subscription.close();
            waitUntil(() -> connections.get() >= 2, Duration.ofSeconds(10));
            assertThat(connections.get()).as("reconnected in the background").isGreaterThanOrEqualTo(2);
            assertThat(kept.next()).startsWith("lost: ");
            assertThat(dropped.seen).isEmpty();
        }
    }

    @Test
    void aClosedClientTellsItsListenersNothingMore() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start(
                (conn, request) -> ScriptedWebSocketServer.reply(conn, request, "retValue", "3.7.418.0"))) {
            WebSocketXtxClient client = new WebSocketXtxClient(server.url(), Duration.ofSeconds(5));
            ConnectionAndTlsTest.Events events = new ConnectionAndTlsTest.Events();
            client.onConnectionChange(events);
            assertThat(client.version()).isEqualTo("3.7.418.0");
            client.close();
            assertThat(events.seen.poll(500, TimeUnit.MILLISECONDS)).as("closing is not a lost service").isNull();
        }
    }

    @Test
    void anOpenConnectionOutlivesItsHandshakeBound() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start(
                (conn, request) -> ScriptedWebSocketServer.reply(conn, request, "retValue",
                        "SOF_GetVersion".equals(request.get("xtx_func_name")) ? "3.7.418.0" : "true"))) {
            try (WebSocketXtxClient client = new WebSocketXtxClient(server.url(), Duration.ofMillis(300))) {
                ConnectionAndTlsTest.Events events = new ConnectionAndTlsTest.Events();
                client.onConnectionChange(events);
                assertThat(client.version()).isEqualTo("3.7.418.0");
                assertThat(events.seen.poll(800, TimeUnit.MILLISECONDS)).as("no timeout once connected").isNull();
                assertThat(client.checkSoftDeviceEnv()).isTrue();
            }
        }
    }

    @Test
    void aServiceTakingOnlyTheCurrentFormIsAskedItWithinHalfAShortCallTimeout() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            if (request.containsKey("URL")) {
                ScriptedWebSocketServer.reply(conn, request, "retValue",
                        "SOF_GetVersion".equals(request.get("xtx_func_name")) ? "3.7.418.0" : "true");
            }
        }); WebSocketXtxClient client = new WebSocketXtxClient(server.url(), Duration.ofMillis(800))) {
            assertThat(client.version()).as("asked again after 400 ms, not after 1 s").isEqualTo("3.7.418.0");
        }
    }
}
