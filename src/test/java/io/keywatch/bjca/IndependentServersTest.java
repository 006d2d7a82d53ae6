package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The clients against small servers written here, not the simulator: an older service style
 * ({@code retVal}, JSON booleans and numbers, no token, replies out of order), so the clients are
 * not tuned to our own simulator.
 */
class IndependentServersTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The answer an older BJCA service would give, as JSON-typed values. */
    static Object answer(String function) {
        return switch (function) {
            case "CheckSoftDeviceEnv" -> Boolean.FALSE;
            case "SOF_GetVersion" -> "3.2.1.0";
            case "GetDeviceCount" -> 2;
            case "GetAllDeviceSN" -> "A1;B2";
            case "SOF_GetUserList" -> "王五||UserKey/A1&&&赵六||UserKey/B2&&&";
            default -> "";
        };
    }

    @Test
    void rawHttpServerWithRetValAndJsonBooleans() throws Exception {
        List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/synctl", exchange -> {
            Map<String, Object> body = JSON.std.mapFrom(exchange.getRequestBody());
            bodies.add(body);
            byte[] reply = JSON.std.asString(Map.of("retVal", answer((String) body.get("func"))))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/synctl");
        try (HttpXtxClient client = new HttpXtxClient(url, TIMEOUT)) {
            assertThat(client.checkSoftDeviceEnv()).isFalse();
            assertThat(client.version()).isEqualTo("3.2.1.0");
            assertThat(client.deviceCount()).isEqualTo(2);
            assertThat(client.deviceSerials()).containsExactly("A1", "B2");
            assertThat(client.userList()).containsExactly(new KeyUser("王五", "UserKey/A1"), new KeyUser("赵六", "UserKey/B2"));
            assertThat(client.deviceInfo("A1", 7)).isEmpty();
        } finally {
            server.stop(0);
        }
        // The request body is the scripts' one: {url, clsid, func, param?}, no param without arguments, no token.
        assertThat(bodies.get(0)).containsKeys("url", "clsid", "func").doesNotContainKeys("token", "param");
        assertThat(bodies.get(0).get("clsid")).isEqualTo(XtxProtocol.CLSID);
        assertThat(bodies.get(5).get("param")).isEqualTo(List.of("A1", 7));
    }

    @Test
    void minimalWebSocketServerWithRetValAnsweringOutOfOrder() throws Exception {
        List<Map<String, Object>> held = new CopyOnWriteArrayList<>();
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            if ("SOF_GetVersion".equals(request.get("xtx_func_name")) && !request.containsKey("URL")) {
                ScriptedWebSocketServer.reply(conn, request, "retVal", "3.4.1.0"); // each connection's first question
                return;
            }
            held.add(request);
            if (held.size() == 2) {
                // Answer the second request first, then the first: ids must route them.
                for (Map<String, Object> r : List.of(held.get(1), held.get(0))) {
                    ScriptedWebSocketServer.reply(conn, r, "retVal", answer((String) r.get("xtx_func_name")));
                }
                held.clear();
                conn.send("{\"call_cmd_id\":\"ONUSBKEYCHANGE\"}");
            }
        }); WebSocketXtxClient client = new WebSocketXtxClient(
                URI.create("ws://localhost:" + server.getPort() + "/xtxapp/"), TIMEOUT)) {
            CompletableFuture<Void> event = new CompletableFuture<>();
            client.onUsbkeyChange(() -> event.complete(null));
            CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.checkSoftDeviceEnv();
                } catch (XtxException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The server holds whichever request comes first until the second arrives.
            assertThat(client.deviceCount()).isEqualTo(2);
            assertThat(check.get(5, TimeUnit.SECONDS)).isFalse();
            event.get(5, TimeUnit.SECONDS); // matched case-insensitively
        }
    }

    @Test
    void httpServerAnsweringWithoutAValueIsFailedWithThatReason() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/synctl", exchange -> {
            byte[] reply = "{\"result\":\"true\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/synctl");
        try (HttpXtxClient client = new HttpXtxClient(url, TIMEOUT)) {
            io.keywatch.core.CheckAnswer answer = client.checkSoftDeviceEnvAnswer();
            assertThat(answer.ok()).isFalse();
            assertThat(answer.remark()).hasValueSatisfying(r -> assertThat(r).contains("carried no value"));
        } finally {
            server.stop(0);
        }
    }
}
