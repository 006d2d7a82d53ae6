package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Replies and servers the simulator does not produce: each must end in a clear error, never a hang. */
class WebSocketEdgeCasesTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void replyWithoutCallIdFailsTheWaitingCallThenTheClientGoesOn() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            if ("CheckSoftDeviceEnv".equals(request.get("func"))) {
                conn.send("{\"retValue\":\"true\"}");
            } else {
                ScriptedWebSocketServer.reply(conn, request, "retValue", "3.4.1");
            }
        }); WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            long start = System.nanoTime();
            assertThatThrownBy(client::checkSoftDeviceEnv)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                    .hasMessageContaining("without call_cmd_id")
                    .hasMessageContaining("{\"retValue\":\"true\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(5));
            assertThat(client.version()).isEqualTo("3.4.1");
        }
    }

    @Test
    void wrongValueTypesAndErrorRepliesAreProtocolNamingWhatCame() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            switch ((String) request.get("func")) {
                case "CheckSoftDeviceEnv" -> ScriptedWebSocketServer.reply(conn, request, "retValue", Map.of("ok", 1));
                case "GetDeviceCount" -> ScriptedWebSocketServer.reply(conn, request, "retVal", "several");
                case "SOF_GetUserList" -> ScriptedWebSocketServer.reply(conn, request, "retValue", "张三 UserKey/1");
                default -> ScriptedWebSocketServer.reply(conn, request, "loginError", "session expired");
            }
        }); WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            expectProtocol(client::checkSoftDeviceEnv, "CheckSoftDeviceEnv", "a JSON object");
            expectProtocol(client::deviceCount, "GetDeviceCount", "'several'");
            expectProtocol(client::userList, "SOF_GetUserList", "name||certID");
            expectProtocol(client::version, "SOF_GetVersion", "session expired");
        }
    }

    @Test
    void serverThatNeverCompletesTheHandshakeTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             WebSocketXtxClient client = new WebSocketXtxClient(
                     URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/xtxapp/"), Duration.ofMillis(500))) {
            long start = System.nanoTime();
            assertThatThrownBy(client::version)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                    .hasMessageContaining("500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofMillis(2000));
        }
    }

    @Test
    void closingEndsACallThatWaitsForAHangingHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            WebSocketXtxClient client = new WebSocketXtxClient(
                    URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/xtxapp/"), TIMEOUT);
            CompletableFuture<XtxException> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    client.version();
                    return null;
                } catch (XtxException e) {
                    return e;
                }
            });
            long start = System.nanoTime();
            client.close();
            XtxException e = failure.get(TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("closed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(2));
        }
    }

    @Test
    void closingDuringAHangingHandshakeLeavesNoThreadOfTheClientAlive() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout((int) TIMEOUT.toMillis());
            WebSocketXtxClient client = new WebSocketXtxClient(
                    URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/xtxapp/"), TIMEOUT);
            client.onUsbkeyChange(() -> { }); // starts connecting
            try (Socket accepted = silent.accept()) {
                assertThat(accepted.getInputStream().read()).isNotNegative(); // the writer sent the handshake
                // The writer of a connection that never opened keeps the library's name: found by thread group.
                List<Thread> clientThreads = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getThreadGroup() != null
                                && t.getThreadGroup().getName().equals(client.threadNamePrefix()))
                        .toList();
                assertThat(clientThreads).anyMatch(t -> t.getName().startsWith("WebSocketWriteThread-"));

                client.close();

                assertThat(clientThreads).noneMatch(Thread::isAlive);
            }
        }
    }

    @Test
    void backgroundReconnectBacksOffFromPointTwoToTenSeconds() {
        List<Long> delays = new ArrayList<>();
        long d = WebSocketXtxClient.MIN_BACKOFF_MILLIS;
        for (int i = 0; i < 10; i++) {
            delays.add(d);
            d = WebSocketXtxClient.nextBackoffMillis(d);
        }
        assertThat(delays).containsExactly(200L, 400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L, 10_000L, 10_000L);
    }

    private static void expectProtocol(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... parts) {
        var assertion = assertThatThrownBy(call).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
        for (String part : parts) {
            assertion.hasMessageContaining(part);
        }
    }
}
