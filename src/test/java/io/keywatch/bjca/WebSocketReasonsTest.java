package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The reasons the WebSocket client gives when a call fails: they reach the tray's status and the
 * check's output ({@code check.unavailable} / {@code check.timeout} carry them), so each names the
 * call, the service and what went wrong — a timeout its limit, a closed connection who closed it,
 * a refused frame the limit it broke.
 */
class WebSocketReasonsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(500);

    /** A service that answers SOF_GetVersion and hands every other request to {@code rest}. */
    private static ScriptedWebSocketServer versionThen(ScriptedWebSocketServer.Script rest) throws Exception {
        return ScriptedWebSocketServer.start((conn, request) -> {
            if ("SOF_GetVersion".equals(request.get("xtx_func_name"))) {
                ScriptedWebSocketServer.reply(conn, request, "retValue", "3.7.418.0");
            } else {
                rest.onRequest(conn, request);
            }
        });
    }

    private static XtxException failure(ThrowingCallable call, Kind kind) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                thrown[0] = t;
                throw t;
            }
        }).isInstanceOf(XtxException.class);
        XtxException e = (XtxException) thrown[0];
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        return e;
    }

    @Test
    void anUnansweredCallTimesOutNamingTheCallItsLimitAndTheService() throws Exception {
        try (ScriptedWebSocketServer server = versionThen((conn, request) -> { });
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), SHORT)) {
            assertThat(client.version()).isEqualTo("3.7.418.0");
            XtxException e = failure(client::checkSoftDeviceEnv, Kind.TIMEOUT);
            assertThat(e.getMessage()).isEqualTo("CheckSoftDeviceEnv: no answer within 500 ms while waiting for a reply"
                    + " from the BJCA service at " + server.url());
        }
    }

    @Test
    void aServiceThatNeverAnswersTheHandshakeTimesOutWhileConnecting() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI url = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/xtxapp/");
            try (WebSocketXtxClient client = new WebSocketXtxClient(url, SHORT)) {
                XtxException e = failure(client::checkSoftDeviceEnv, Kind.TIMEOUT);
                // The call's own deadline or the handshake's bound, whichever is seen first: both say the same.
                assertThat(e.getMessage()).endsWith("no answer within 500 ms while connecting to the BJCA service at "
                        + url);
            }
        }
    }

    @Test
    void aFrameThatIsNotJsonAnswersNothingAndTheConnectionStays() throws Exception {
        try (ScriptedWebSocketServer server = versionThen((conn, request) -> {
            if ("CheckSoftDeviceEnv".equals(request.get("xtx_func_name"))) {
                conn.send("<html>500 Internal Server Error</html>");
            } else {
                ScriptedWebSocketServer.reply(conn, request, "retValue", "2");
            }
        }); WebSocketXtxClient client = new WebSocketXtxClient(server.url(), SHORT)) {
            XtxException e = failure(client::checkSoftDeviceEnv, Kind.TIMEOUT);
            assertThat(e.getMessage()).startsWith("CheckSoftDeviceEnv: no answer within 500 ms");
            assertThat(client.deviceCount()).as("the same connection still answers").isEqualTo(2);
        }
    }

    @Test
    void aRefusedConnectionIsUnavailableAtOnceNamingTheService() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("ws://127.0.0.1:" + port + "/xtxapp/");
        try (WebSocketXtxClient client = new WebSocketXtxClient(url, TIMEOUT)) {
            long start = System.nanoTime();
            XtxException e = failure(client::checkSoftDeviceEnv, Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("BJCA service not reachable at " + url + ": ConnectException");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not at the timeout").isLessThan(TIMEOUT);
        }
    }

    @Test
    void aConnectionTheServiceClosesDuringACallSaysItWasClosedByTheServiceWithItsCodeAndReason() throws Exception {
        try (ScriptedWebSocketServer server = versionThen((conn, request) -> conn.close(4000, "maintenance"));
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            ConnectionAndTlsTest.Events events = new ConnectionAndTlsTest.Events();
            client.onConnectionChange(events);
            XtxException e = failure(client::checkSoftDeviceEnv, Kind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("connection to the BJCA service at " + server.url()
                    + " lost: closed by the service (code 4000, maintenance)");
            assertThat(events.next()).isEqualTo("lost: closed by the service (code 4000, maintenance)");
        }
    }

    @Test
    void aCloseWithoutAReasonGivesTheCodeAlone() throws Exception {
        try (ScriptedWebSocketServer server = versionThen((conn, request) -> conn.close(1001));
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            XtxException e = failure(client::checkSoftDeviceEnv, Kind.UNAVAILABLE);
            assertThat(e.getMessage()).endsWith(" lost: closed by the service (code 1001)");
        }
    }

    @Test
    void aFrameOverTheSizeCapIsProtocolNamingTheCapAndEndsTheConnection() throws Exception {
        String huge = "x".repeat(XtxProtocol.MAX_MESSAGE_BYTES + 1);
        try (ScriptedWebSocketServer server = versionThen(
                (conn, request) -> ScriptedWebSocketServer.reply(conn, request, "retValue", huge));
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            ConnectionAndTlsTest.Events events = new ConnectionAndTlsTest.Events();
            client.onConnectionChange(events);
            XtxException e = failure(client::checkSoftDeviceEnv, Kind.PROTOCOL);
            assertThat(e.getMessage()).isEqualTo("the BJCA service at " + server.url() + " sent a message over 1048576"
                    + " bytes; accepted: at most 1048576 (the connection was closed)");
            assertThat(events.next()).isEqualTo("lost: the service sent a frame over 1048576 bytes");
        }
    }

    @Test
    void aFrameNestedTooDeepIsProtocolNamingTheDepthAndEndsTheConnection() throws Exception {
        String deep = "{\"call_cmd_id\":\"%s\",\"retValue\":" + "[".repeat(XtxProtocol.MAX_DEPTH + 1)
                + "]".repeat(XtxProtocol.MAX_DEPTH + 1) + "}";
        try (ScriptedWebSocketServer server = versionThen(
                (conn, request) -> conn.send(String.format(deep, request.get("call_cmd_id"))));
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            ConnectionAndTlsTest.Events events = new ConnectionAndTlsTest.Events();
            client.onConnectionChange(events);
            XtxException e = failure(client::checkSoftDeviceEnv, Kind.PROTOCOL);
            assertThat(e.getMessage()).startsWith("BJCA sent JSON nested too deep: ")
                    .endsWith("; accepted: at most 16 levels (BJCA's messages are flat)");
            assertThat(events.next()).isEqualTo("lost: the service sent JSON nested deeper than 16 levels");
        }
    }

    @Test
    void aCallOnAClosedClientSaysTheClientIsClosed() throws Exception {
        try (ScriptedWebSocketServer server = versionThen((conn, request) -> { })) {
            WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT);
            assertThat(client.version()).isEqualTo("3.7.418.0");
            client.close();
            XtxException e = failure(client::checkSoftDeviceEnv, Kind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("CheckSoftDeviceEnv: the WebSocket client for " + server.url()
                    + " is closed");
        }
    }

    @Test
    void aServiceThatStopsAnsweringIsLostNamingThePingLimit() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean hung = new java.util.concurrent.atomic.AtomicBoolean();
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            if (!hung.get()) {
                ScriptedWebSocketServer.reply(conn, request, "retValue", "3.7.418.0");
            }
        })) {
            try (WebSocketXtxClient client = new WebSocketXtxClient(server.url(), Duration.ofMillis(300), false,
                    BjcaSettings.defaults(), Duration.ofMillis(100))) {
                ConnectionAndTlsTest.Events events = new ConnectionAndTlsTest.Events();
                client.onConnectionChange(events);
                assertThat(client.version()).isEqualTo("3.7.418.0");
                server.answerPings = false;
                hung.set(true);
                assertThat(events.next()).isEqualTo("lost: no answer to a ping within 100 ms");
            }
        }
    }
}
