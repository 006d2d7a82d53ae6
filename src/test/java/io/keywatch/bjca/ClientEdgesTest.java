package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.keywatch.core.CheckAnswer;
import io.keywatch.core.ConnectionListener;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import io.keywatch.sim.BjcaSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What each typed function asks BJCA and returns, through the lazy wrapper too; the HTTP bridge's cookie and close. */
class ClientEdgesTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** Answers each function with a scripted value and records function(params). */
    static final class Scripted extends AbstractXtxClient {
        final Map<String, Object> answers;
        final List<String> asked = new ArrayList<>();
        final AutoCloseable usbSubscription = () -> { };
        final AutoCloseable connectionSubscription = () -> { };
        boolean closed;

        Scripted(Map<String, Object> answers) {
            this.answers = answers;
        }

        @Override
        protected Optional<Object> call(String function, List<?> params) {
            asked.add(function + params);
            return Optional.ofNullable(answers.get(function));
        }

        @Override
        public String bridge() {
            return "scripted";
        }

        @Override
        public AutoCloseable onUsbkeyChange(Runnable listener) {
            return usbSubscription;
        }

        @Override
        public AutoCloseable onConnectionChange(ConnectionListener listener) {
            return connectionSubscription;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static Scripted scripted() {
        return new Scripted(Map.of(XtxProtocol.CHECK_SOFT_DEVICE_ENV, "true", XtxProtocol.GET_VERSION, "2.14",
                XtxProtocol.GET_USER_LIST, "张三||UserKey/1&&&", XtxProtocol.GET_DEVICE_COUNT, 2,
                XtxProtocol.GET_ALL_DEVICE_SN, "A;B;", XtxProtocol.GET_DEVICE_INFO, "SM2",
                XtxProtocol.EXPORT_USER_CERT, "MIIB", XtxProtocol.GET_CERT_INFO, "CN=张三",
                XtxProtocol.VALIDATE_CERT, "0", XtxProtocol.GET_PIN_RETRY_COUNT, 6.0));
    }

    @Test
    void eachFunctionAsksItsNameWithItsParametersAndReadsTheValue() throws XtxException {
        Scripted s = scripted();
        assertThat(s.exportUserCert("UserKey/1")).isEqualTo("MIIB");
        assertThat(s.certInfo("MIIB", 17)).isEqualTo("CN=张三");
        assertThat(s.validateCert("MIIB")).isZero();
        assertThat(s.pinRetryCount("UserKey/1")).isEqualTo(6);
        assertThat(s.asked).containsExactly("SOF_ExportUserCert[UserKey/1]", "SOF_GetCertInfo[MIIB, 17]",
                "SOF_ValidateCert[MIIB]", "SOF_GetPinRetryCount[UserKey/1]");
    }

    @Test
    void missingValuesGiveTheScriptsDefaults() throws XtxException {
        Scripted none = new Scripted(Map.of());
        assertThat(none.exportUserCert("x")).isEmpty();
        assertThat(none.certInfo("x", 1)).isEmpty();
        assertThat(none.validateCert("x")).isEqualTo(-1);
        assertThat(none.pinRetryCount("x")).isEqualTo(-1);
        assertThat(none.checkSoftDeviceEnvAnswer()).isEqualTo(new CheckAnswer(false, Optional.of(
                "BJCA's reply to CheckSoftDeviceEnv carried no value; BJCA's pages read that as false")));
    }

    @Test
    void theLazyClientOpensOnceAndPassesEveryAnswerThrough() throws Exception {
        Scripted s = scripted();
        List<String> opens = new ArrayList<>();
        LazyXtxClient lazy = new LazyXtxClient(() -> {
            opens.add("open");
            return s;
        });
        assertThat(lazy.opened()).isFalse();
        assertThat(lazy.checkSoftDeviceEnv()).isTrue();
        assertThat(lazy.checkSoftDeviceEnvAnswer()).isEqualTo(new CheckAnswer(true, Optional.empty()));
        assertThat(lazy.userList()).containsExactly(new KeyUser("张三", "UserKey/1"));
        assertThat(lazy.deviceCount()).isEqualTo(2);
        assertThat(lazy.deviceSerials()).containsExactly("A", "B");
        assertThat(lazy.deviceInfo("A", 4)).isEqualTo("SM2");
        assertThat(lazy.exportUserCert("UserKey/1")).isEqualTo("MIIB");
        assertThat(lazy.certInfo("MIIB", 17)).isEqualTo("CN=张三");
        assertThat(lazy.validateCert("MIIB")).isZero();
        assertThat(lazy.pinRetryCount("UserKey/1")).isEqualTo(6);
        assertThat(lazy.onUsbkeyChange(() -> { })).isSameAs(s.usbSubscription);
        assertThat(lazy.onConnectionChange(new ConnectionListener() {
            @Override
            public void lost(String reason) {
            }

            @Override
            public void connected() {
            }
        })).isSameAs(s.connectionSubscription);
        assertThat(lazy.bridge()).isEqualTo("scripted");
        assertThat(opens).containsExactly("open");
        assertThat(s.asked).contains("GetDeviceInfo[A, 4]", "SOF_GetPinRetryCount[UserKey/1]");
        lazy.close();
        assertThat(s.closed).isTrue();
    }

    @Test
    void aFalseCheckPassesThroughTheLazyClientToo() throws XtxException {
        Scripted no = new Scripted(Map.of(XtxProtocol.CHECK_SOFT_DEVICE_ENV, false, XtxProtocol.VALIDATE_CERT, 3,
                XtxProtocol.GET_PIN_RETRY_COUNT, "0"));
        LazyXtxClient lazy = new LazyXtxClient(() -> no);
        assertThat(lazy.checkSoftDeviceEnv()).isFalse();
        assertThat(lazy.validateCert("x")).isEqualTo(3);
        assertThat(lazy.pinRetryCount("x")).isZero();
    }

    @Test
    void aClosedLazyClientNeverOpensAndExplains() throws Exception {
        LazyXtxClient lazy = new LazyXtxClient(() -> {
            throw new AssertionError("must not open after close");
        });
        lazy.close();
        assertThat(lazy.bridge()).isEqualTo("closed");
        assertThat(lazy.onUsbkeyChange(() -> { })).isNotNull();
        assertThatThrownBy(lazy::version).isInstanceOfSatisfying(XtxException.class, e -> {
            assertThat(e.kind()).isEqualTo(XtxException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("SOF_GetVersion: the BJCA client is closed");
        });
    }

    @Test
    void secureTwinsAreCheckedBeforeProbingAndMustBeLoopbackWhateverAllowRemoteSays() throws IOException {
        URI ws = XtxClientsTest.deadWebSocketUrl();
        URI synctl = BjcaEndpoint.synctlFor(ws);
        assertThatThrownBy(() -> XtxClients.open("auto", ws, synctl, TIMEOUT, true, BjcaSettings.defaults(),
                Optional.of(URI.create("wss://192.0.2.7:21061/xtxapp/")), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wss://192.0.2.7:21061/xtxapp/");
        assertThatThrownBy(() -> XtxClients.open("auto", ws, synctl, TIMEOUT, true, BjcaSettings.defaults(),
                Optional.empty(), Optional.of(URI.create("https://192.0.2.7:21061/synctl"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://192.0.2.7:21061/synctl");
    }

    @Test
    void autoFallsBackToTheSecureSynctlLastAndClosesTheWebSocketClientItDoesNotUse() throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(dir, "PC-1").tls(0).start()) {
            URI deadWs = XtxClientsTest.deadWebSocketUrl();
            URI deadWss = URI.create(XtxClientsTest.deadWebSocketUrl().toString().replace("ws:", "wss:"));
            int before = webSocketThreadGroups();
            try (XtxClient client = XtxClients.open("auto", deadWs, BjcaEndpoint.synctlFor(deadWs), TIMEOUT, false,
                    BjcaSettings.defaults(), Optional.of(deadWss), Optional.of(sim.secureSynctlUrl()))) {
                assertThat(client.bridge()).isEqualTo("http");
                assertThat(((HttpXtxClient) client).url()).isEqualTo(sim.secureSynctlUrl());
                assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
                assertThat(webSocketThreadGroups()).as("the unused WebSocket clients' threads are gone")
                        .isLessThanOrEqualTo(before);
            }
        }
    }

    private static int webSocketThreadGroups() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("keywatch-xtx-websocket-")).count();
    }

    @Test
    void theHttpBridgeSendsBackTheCookieTheServiceSet() throws Exception {
        List<String> cookies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/synctl", exchange -> {
            cookies.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
            exchange.getResponseHeaders().add("Set-Cookie", "sid=abc; Path=/; HttpOnly");
            byte[] body = "{\"retValue\":\"2.14\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (HttpXtxClient client = new HttpXtxClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/synctl"), TIMEOUT)) {
            assertThat(client.version()).isEqualTo("2.14");
            assertThat(client.version()).isEqualTo("2.14");
            assertThat(cookies).containsExactly("null", "sid=abc");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theHttpBridgeSaysOnceThatItHasNoEventsAndClosesWithoutWarning() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger httpLog = (Logger) LoggerFactory.getLogger(HttpXtxClient.class);
        Level level = httpLog.getLevel();
        httpLog.setLevel(Level.INFO);
        log.start();
        httpLog.addAppender(log);
        try (BjcaSimulator sim = new BjcaSimulator(dir, "PC-1").start()) {
            HttpXtxClient client = new HttpXtxClient(sim.synctlUrl(), TIMEOUT);
            assertThat(client.threadNamePrefix()).startsWith("keywatch-xtx-http-");
            client.onUsbkeyChange(() -> { }).close();
            client.onUsbkeyChange(() -> { }).close();
            client.version();
            client.close();
            client.close();
        } finally {
            httpLog.detachAppender(log);
            httpLog.setLevel(level);
        }
        assertThat(log.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.INFO, "the HTTP synctl bridge cannot receive onUsbkeyChange"
                        + " events; key changes come from USB only"));
    }
}
