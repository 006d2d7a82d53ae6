package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.keywatch.core.ConnectionListener;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import io.keywatch.sim.BjcaSimulator;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection events, pings, a page-like handshake and clean close, the TLS fallback and its trust, and the caps. */
class ConnectionAndTlsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** Records events as "lost: reason" / "connected". */
    static final class Events implements ConnectionListener {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @Override
        public void connected() {
            seen.add("connected");
        }

        @Override
        public void lost(String reason) {
            seen.add("lost: " + reason);
        }

        String next() throws InterruptedException {
            String e = seen.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("a connection event within 20 s").isNotNull();
            return e;
        }
    }

    @Test
    void lostWhenTheServiceStopsAndConnectedWhenItIsBackWithoutAnyCall() throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(dir, "PC-1").start();
             WebSocketXtxClient client = new WebSocketXtxClient(sim.webSocketUrl(), TIMEOUT)) {
            Events events = new Events();
            client.onConnectionChange(events);
            assertThat(client.checkSoftDeviceEnv()).isTrue();
            assertThat(events.seen).as("nothing for the first connection").isEmpty();

            sim.stopListening();
            assertThat(events.next()).startsWith("lost: ");
            sim.startListening();
            assertThat(events.next()).isEqualTo("connected");
            assertThat(events.seen).isEmpty();
            assertThat(client.checkSoftDeviceEnv()).isTrue();
        }
    }

    @Test
    void serviceDownAtStartIsLostThenConnectedWhenItComesUp() throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(dir, "PC-1").start()) {
            URI url = sim.webSocketUrl();
            sim.stopListening();
            try (WebSocketXtxClient client = new WebSocketXtxClient(url, TIMEOUT)) {
                Events events = new Events();
                client.onConnectionChange(events);
                assertThat(events.next()).startsWith("lost: ");
                sim.startListening();
                assertThat(events.next()).isEqualTo("connected");
            }
        }
    }

    @Test
    void aHungServiceIsNoticedByUnansweredPings() throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(dir, "PC-1").start();
             WebSocketXtxClient client = new WebSocketXtxClient(sim.webSocketUrl(), Duration.ofMillis(500), false,
                     BjcaSettings.defaults(), Duration.ofMillis(200))) {
            Events events = new Events();
            client.onConnectionChange(events);
            assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
            sim.freeze(true);
            assertThat(events.next()).contains("no answer to a ping");
            sim.freeze(false);
            assertThat(events.next()).isEqualTo("connected");
        }
    }

    @Test
    void pingsRunOnTheClientsTimerAnAnsweredPingKeepsTheConnectionAndAddsNoThread() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) ->
                ScriptedWebSocketServer.reply(conn, request, "retValue", "SOF_GetVersion".equals(
                        request.get("xtx_func_name")) ? "3.4.1" : "true"));
             WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT, false,
                     BjcaSettings.defaults(), Duration.ofMillis(50))) {
            Events events = new Events();
            client.onConnectionChange(events);
            assertThat(client.checkSoftDeviceEnv()).isTrue();
            List<String> threads = WebSocketXtxClientTest.liveThreads(client.threadNamePrefix());
            for (int i = 0; i < 3; i++) {
                assertThat(server.pings.poll(20, TimeUnit.SECONDS)).as("ping " + (i + 1)).isNotNull();
            }
            assertThat(WebSocketXtxClientTest.liveThreads(client.threadNamePrefix()))
                    .as("the timer, the reader and the library's writer; none for pings")
                    .containsExactlyInAnyOrderElementsOf(threads).hasSize(3);
            assertThat(events.seen).as("answered pings end nothing").isEmpty();
            assertThat(client.checkSoftDeviceEnv()).isTrue();
        }
    }

    @Test
    void theDefaultPingIntervalIsAMinuteAndAnIntervalMustBePositive() {
        assertThat(WebSocketXtxClient.PING_INTERVAL).isEqualTo(Duration.ofSeconds(60));
        URI url = URI.create("ws://127.0.0.1:21051/xtxapp/");
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
            assertThatThrownBy(() -> new WebSocketXtxClient(url, TIMEOUT, false, BjcaSettings.defaults(), bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ping interval must be positive").hasMessageContaining(bad.toString());
        }
        new WebSocketXtxClient(url, TIMEOUT, false, BjcaSettings.defaults(), Duration.ofMillis(1)).close();
    }

    @Test
    void handshakeAndRequestsLookLikeAPagesAndCloseIsClean() throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(dir, "PC-1").start()) {
            BjcaSettings settings = new BjcaSettings("https://his.example-hospital.cn/nurse/index.html",
                    Optional.empty(), Optional.empty(), Optional.empty());
            try (WebSocketXtxClient client = new WebSocketXtxClient(sim.webSocketUrl(), TIMEOUT, false, settings)) {
                assertThat(client.checkSoftDeviceEnv()).isTrue();
            }
            await(() -> sim.closeCodes().contains(1000), "the service saw close code 1000: " + sim.closeCodes());
            assertThat(sim.origins()).containsExactly("https://his.example-hospital.cn");
            var last = sim.requests().get(sim.requests().size() - 1);
            assertThat(last).containsEntry("URL", "https://his.example-hospital.cn/nurse/index.html")
                    .containsEntry("xtx_func_name", "CheckSoftDeviceEnv");
            assertThat(sim.requests().get(0)).as("each connection asks SOF_GetVersion first")
                    .containsEntry("xtx_func_name", "SOF_GetVersion");
        }
        assertThatThrownBy(() -> new BjcaSettings("keywatch", Optional.empty(), Optional.empty(), Optional.empty()))
                .hasMessageContaining("'keywatch'").hasMessageContaining("accepted");
    }

    @Test
    void whenPlainDoesNotAnswerAutoUsesTlsAndPinsTheCertificateOnFirstUse() throws Exception {
        Path data = dir.resolve("data");
        BjcaSettings settings = BjcaSettings.defaults().withDataDir(data);
        URI dead = deadWebSocketUrl();
        try (BjcaSimulator sim = new BjcaSimulator(dir.resolve("a"), "PC-1").tls(0).start()) {
            try (XtxClient client = XtxClients.open("auto", dead, BjcaEndpoint.synctlFor(dead), TIMEOUT, false, settings,
                    Optional.of(sim.secureWebSocketUrl()), Optional.of(sim.secureSynctlUrl()))) {
                assertThat(client.bridge()).isEqualTo("websocket");
                assertThat(((WebSocketXtxClient) client).url()).isEqualTo(sim.secureWebSocketUrl());
                assertThat(client.checkSoftDeviceEnv()).isTrue();
            }
            assertThat(data.resolve(BjcaSettings.PIN_FILE_NAME)).exists();
            try (HttpXtxClient https = new HttpXtxClient(sim.secureSynctlUrl(), TIMEOUT, false, settings)) {
                assertThat(https.checkSoftDeviceEnv()).as("same certificate: trusted").isTrue();
            }
        }
        // Another service (another certificate) on loopback later: refused, naming the pin file.
        try (BjcaSimulator other = new BjcaSimulator(dir.resolve("b"), "PC-1").tls(0).start();
             WebSocketXtxClient client = new WebSocketXtxClient(other.secureWebSocketUrl(), TIMEOUT, false, settings)) {
            assertThatThrownBy(client::checkSoftDeviceEnv)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        }
    }

    @Test
    void bjcasTrustFileDecidesWhenKnown() throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(dir.resolve("a"), "PC-1").tls(0).start();
             BjcaSimulator other = new BjcaSimulator(dir.resolve("b"), "PC-2").tls(0).start()) {
            Path trust = Files.writeString(dir.resolve("trust.pem"), sim.tlsCertificatePem());
            BjcaSettings settings = new BjcaSettings(XtxProtocol.DEFAULT_CALLER_URL, Optional.empty(),
                    Optional.of(dir.resolve("pin.txt")), Optional.of(trust));
            try (WebSocketXtxClient client = new WebSocketXtxClient(sim.secureWebSocketUrl(), TIMEOUT, false, settings)) {
                assertThat(client.checkSoftDeviceEnv()).isTrue();
            }
            try (WebSocketXtxClient client = new WebSocketXtxClient(other.secureWebSocketUrl(), TIMEOUT, false, settings)) {
                assertThatThrownBy(client::checkSoftDeviceEnv).isInstanceOf(XtxException.class);
            }
            assertThat(dir.resolve("pin.txt")).as("the trust file decides, nothing is pinned").doesNotExist();
        }
    }

    @Test
    void aPlainCheckLoadsNoTlsClasses() throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(dir, "PC-1").start()) {
            Path log = dir.resolve("classes.log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                    PlainClientMain.class.getName(), sim.webSocketUrl().toString(), "wss://127.0.0.1:1/xtxapp/")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("out.txt"))).contains("bridge=websocket ok=true");
            String loaded = Files.readString(log);
            assertThat(loaded).contains("io.keywatch.bjca.XtxConnection")
                    .doesNotContain("io.keywatch.bjca.BjcaTls")
                    .doesNotContain("sun.security.ssl.SSLContextImpl")
                    .doesNotContain("javax.net.ssl.SSLContext ");
        }
    }

    @Test
    void aWebSocketFrameOfTheCapIsReadAndOneByteMoreIsProtocol() throws Exception {
        int cap = XtxProtocol.MAX_MESSAGE_BYTES;
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start((conn, request) -> {
            String id = (String) request.get("call_cmd_id");
            String fn = (String) request.get("xtx_func_name");
            if ("SOF_GetVersion".equals(fn)) {
                ScriptedWebSocketServer.reply(conn, request, "retValue", "3.4.1");
                return;
            }
            int size = "GetAllDeviceSN".equals(fn) ? cap : cap + 1;
            String head = "{\"call_cmd_id\":\"" + id + "\",\"retValue\":\"";
            conn.send(head + "A".repeat(size - head.length() - 2) + "\"}");
        }); WebSocketXtxClient client = new WebSocketXtxClient(server.url(), TIMEOUT)) {
            assertThat(client.deviceSerials()).singleElement().satisfies(s -> assertThat(s.length()).isGreaterThan(cap - 64));
            assertThatThrownBy(() -> client.exportUserCert("x"))
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                    .hasMessageContaining(String.valueOf(cap));
            assertThat(client.version()).as("a new connection works").isEqualTo("3.4.1");
        }
    }

    @Test
    void aSynctlBodyOfTheCapIsReadAndOneByteMoreIsProtocol() throws Exception {
        int cap = XtxProtocol.MAX_MESSAGE_BYTES;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> contentTypes = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/synctl", exchange -> {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-type"));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int size = body.contains("GetAllDeviceSN") ? cap : body.contains("GetDeviceCount") ? 20 : cap + 1;
            String head = "{\"retValue\":\"";
            byte[] reply = (head + "A".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body.contains("GetDeviceCount") ? 201 : 200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        try (HttpXtxClient client = new HttpXtxClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/synctl"), TIMEOUT)) {
            assertThat(client.deviceSerials()).singleElement().satisfies(s -> assertThat(s).hasSize(cap - 15));
            assertThatThrownBy(() -> client.exportUserCert("x"))
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                    .hasMessageContaining(String.valueOf(cap));
            assertThatThrownBy(client::deviceCount).as("only HTTP 200 is an answer").hasMessageContaining("HTTP 201");
            assertThat(contentTypes).first().isEqualTo("application/json");
        } finally {
            server.stop(0);
        }
    }

    private static URI deadWebSocketUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("ws://127.0.0.1:" + s.getLocalPort() + "/xtxapp/");
        }
    }

    /** Waits for an observable condition (no fixed sleep): polls until it holds or 10 s pass. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what).isTrue();
            Thread.onSpinWait();
            Thread.sleep(10);
        }
    }
}
