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
    void frameWithoutCallIdAnswersNoCallAndItsCookieAndTokenAreKept() throws Exception {
        List<Map<String, Object>> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            requests.add(request);
            if ("CheckSoftDeviceEnv".equals(request.get("xtx_func_name"))) {
                // A value without call_cmd_id first: it must not be taken as the answer (it says false).
                conn.send("{\"retValue\":\"false\",\"set-cookie\":\"BJCASESSION=s1; path=/\",\"token\":\"T-9\"}");
                ScriptedWebSocketServer.reply(conn, request, "retValue", "true");
            } else {
                ScriptedWebSocketServer.reply(conn, request, "retValue", "3.4.1");
            }
        }); WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            assertThat(client.checkSoftDeviceEnv()).isTrue();
            assertThat(client.deviceSerials()).containsExactly("3.4.1");
            assertThat(requests.get(requests.size() - 1)).containsEntry("cookie", "BJCASESSION=s1")
                    .containsEntry("token", "T-9");
        }
    }

    @Test
    void oddValuesAreReadAsThePagesReadThemAndNonsenseNumbersAreProtocol() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            switch ((String) request.get("xtx_func_name")) {
                case "CheckSoftDeviceEnv" -> ScriptedWebSocketServer.reply(conn, request, "retValue", Map.of("ok", 1));
                case "GetDeviceCount" -> ScriptedWebSocketServer.reply(conn, request, "retVal", "several");
                case "SOF_GetUserList" -> ScriptedWebSocketServer.reply(conn, request, "retValue", "张三 UserKey/1");
                default -> ScriptedWebSocketServer.reply(conn, request, "loginError", "session expired");
            }
        }); WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            io.keywatch.core.CheckAnswer answer = client.checkSoftDeviceEnvAnswer();
            assertThat(answer.ok()).isFalse();
            assertThat(answer.remark()).hasValueSatisfying(r -> assertThat(r).contains("read as false"));
            expectProtocol(client::deviceCount, "GetDeviceCount", "'several'");
            assertThat(client.userList()).as("no &&&: pages list nobody").isEmpty();
            assertThat(client.version()).as("loginError without a value: the pages' empty string").isEmpty();
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
    void backgroundReconnectBacksOffFromOneToThirtySeconds() {
        List<Long> delays = new ArrayList<>();
        long d = Reconnects.MIN_BACKOFF_MILLIS;
        for (int i = 0; i < 10; i++) {
            delays.add(d);
            d = Reconnects.nextBackoffMillis(d);
        }
        assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16_000L, 30_000L, 30_000L, 30_000L, 30_000L, 30_000L);
    }

    private static void expectProtocol(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... parts) {
        var assertion = assertThatThrownBy(call).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
        for (String part : parts) {
            assertion.hasMessageContaining(part);
        }
    }
}
