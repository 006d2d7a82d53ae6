package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Services that are particular in ways the scripts allow: one that takes only the 3.4.1 script's
 * request form (so the older-form SOF_GetVersion goes unanswered), and one that never answers a
 * WebSocket ping (RFC 6455 asks for a pong; not every server gives one) yet is alive.
 */
class PingAndVersionFallbacksTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aServiceTakingOnlyTheCurrentFormIsAskedItsVersionInThatFormToo() throws Exception {
        BlockingQueue<Map<String, Object>> requests = new LinkedBlockingQueue<>();
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            requests.add(request);
            if (!request.containsKey("URL")) {
                return; // not understood: no answer, as a particular service may do
            }
            ScriptedWebSocketServer.reply(conn, request, "retValue",
                    "SOF_GetVersion".equals(request.get("xtx_func_name")) ? "3.7.418.0" : "true");
        });
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            assertThat(client.checkSoftDeviceEnv()).isTrue();
            assertThat(client.version()).isEqualTo("3.7.418.0");
            Map<String, Object> first = requests.poll(5, TimeUnit.SECONDS);
            Map<String, Object> second = requests.poll(5, TimeUnit.SECONDS);
            assertThat(first).as("first: the older form").containsEntry("xtx_func_name", "SOF_GetVersion")
                    .containsKey("cookie").doesNotContainKey("URL");
            assertThat(second).as("then the 3.4.1 script's form").containsEntry("xtx_func_name", "SOF_GetVersion")
                    .containsKeys("URL", "CLSID", "func");
            assertThat(requests.poll(5, TimeUnit.SECONDS)).containsEntry("xtx_func_name", "CheckSoftDeviceEnv");
        }
    }

    @Test
    void aServiceAnsweringTheOlderFormAtOnceIsAskedItsVersionOnce() throws Exception {
        BlockingQueue<Map<String, Object>> requests = new LinkedBlockingQueue<>();
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            requests.add(request);
            ScriptedWebSocketServer.reply(conn, request, "retValue",
                    "SOF_GetVersion".equals(request.get("xtx_func_name")) ? "3.7.418.0" : "true");
        });
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            assertThat(client.checkSoftDeviceEnv()).isTrue();
            // Past the moment a second form would have been sent: another call, answered after it.
            assertThat(requests.poll(5, TimeUnit.SECONDS)).containsEntry("xtx_func_name", "SOF_GetVersion");
            assertThat(requests.poll(5, TimeUnit.SECONDS)).containsEntry("xtx_func_name", "CheckSoftDeviceEnv");
            long settled = System.nanoTime() + WebSocketXtxClient.SECOND_VERSION_FORM_AFTER.toNanos();
            while (System.nanoTime() - settled < 0) {
                assertThat(requests.poll(50, TimeUnit.MILLISECONDS)).as("no second SOF_GetVersion").isNull();
            }
        }
    }

    @Test
    void aLiveServiceThatNeverAnswersPingsKeepsItsConnectionOnAVersionHeartbeat() throws Exception {
        BlockingQueue<String> functions = new LinkedBlockingQueue<>();
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            functions.add(String.valueOf(request.get("xtx_func_name")));
            ScriptedWebSocketServer.reply(conn, request, "retValue",
                    "SOF_GetVersion".equals(request.get("xtx_func_name")) ? "3.7.418.0" : "true");
        })) {
            server.answerPings = false;
            try (WebSocketXtxClient client = new WebSocketXtxClient(server.url(), Duration.ofMillis(300), false,
                    BjcaSettings.defaults(), Duration.ofMillis(100))) {
                ConnectionAndTlsTest.Events events = new ConnectionAndTlsTest.Events();
                client.onConnectionChange(events);
                assertThat(client.checkSoftDeviceEnv()).isTrue();
                assertThat(functions.poll(5, TimeUnit.SECONDS)).isEqualTo("SOF_GetVersion");
                assertThat(functions.poll(5, TimeUnit.SECONDS)).isEqualTo("CheckSoftDeviceEnv");
                assertThat(server.pings.poll(20, TimeUnit.SECONDS)).as("one ping, unanswered").isNotNull();
                for (int i = 0; i < 3; i++) {
                    assertThat(functions.poll(20, TimeUnit.SECONDS)).as("heartbeat " + (i + 1))
                            .isEqualTo("SOF_GetVersion");
                }
                assertThat(events.seen).as("a live service is not lost for lacking pongs").isEmpty();
                assertThat(server.pings).as("no more pings once the heartbeat is SOF_GetVersion").hasSizeLessThan(2);
                assertThat(client.checkSoftDeviceEnv()).isTrue();
            }
        }
    }

    @Test
    void aServiceThatAnswersNeitherPingsNorTheHeartbeatIsLost() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean hung = new java.util.concurrent.atomic.AtomicBoolean();
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            if (!hung.get()) {
                ScriptedWebSocketServer.reply(conn, request, "retValue",
                        "SOF_GetVersion".equals(request.get("xtx_func_name")) ? "3.7.418.0" : "true");
            }
        })) {
            server.answerPings = false;
            try (WebSocketXtxClient client = new WebSocketXtxClient(server.url(), Duration.ofMillis(300), false,
                    BjcaSettings.defaults(), Duration.ofMillis(100))) {
                ConnectionAndTlsTest.Events events = new ConnectionAndTlsTest.Events();
                client.onConnectionChange(events);
                assertThat(client.checkSoftDeviceEnv()).isTrue();
                hung.set(true);
                assertThat(events.next()).startsWith("lost: ").contains("no answer to a ping");
            }
        }
    }

    @Test
    void theSecondFormWaitsASecondAtMostHalfTheCallTimeout() {
        assertThat(WebSocketXtxClient.SECOND_VERSION_FORM_AFTER).isEqualTo(Duration.ofSeconds(1));
    }
}
