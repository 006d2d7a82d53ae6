package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import io.keywatch.sim.BjcaSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class XtxClientsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path bjcaFolder;

    BjcaSimulator sim;

    @BeforeEach
    void start() throws IOException {
        sim = new BjcaSimulator(bjcaFolder).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void autoPrefersTheWebSocketService() throws Exception {
        try (XtxClient client = XtxClients.open("auto", sim.webSocketUrl(), sim.synctlUrl(), TIMEOUT, false)) {
            assertThat(client.bridge()).isEqualTo("websocket");
            assertThat(client.checkSoftDeviceEnv()).isTrue();
        }
    }

    @Test
    void autoFallsBackToSynctlWhenTheWebSocketServiceIsAbsent() throws Exception {
        try (XtxClient client = XtxClients.open("auto", deadWebSocketUrl(), sim.synctlUrl(), TIMEOUT, false)) {
            assertThat(client.bridge()).isEqualTo("http");
            assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        }
    }

    @Test
    void autoWithNothingAnsweringReturnsTheWebSocketClientQuickly() throws Exception {
        sim.stopListening();
        long start = System.nanoTime();
        try (XtxClient client = XtxClients.open("auto", sim.webSocketUrl(), sim.synctlUrl(), TIMEOUT, false)) {
            assertThat(client.bridge()).isEqualTo("websocket");
            assertThatThrownBy(client::checkSoftDeviceEnv)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
            // It keeps trying: once the service is up, the same client works.
            sim.startListening();
            assertThat(client.checkSoftDeviceEnv()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    }

    @Test
    void explicitBridgesAreHonoured() {
        try (XtxClient ws = XtxClients.open("WebSocket", sim.webSocketUrl(), sim.synctlUrl(), TIMEOUT, false);
             XtxClient http = XtxClients.open(" http ", sim.webSocketUrl(), sim.synctlUrl(), TIMEOUT, false)) {
            assertThat(ws.bridge()).isEqualTo("websocket");
            assertThat(http.bridge()).isEqualTo("http");
        }
    }

    @Test
    void synctlUrlIsDerivedFromTheWebSocketUrlByDefault() {
        try (XtxClient http = XtxClients.open("http", URI.create("ws://127.0.0.1:21051/xtxapp/"), TIMEOUT, false)) {
            assertThat(((HttpXtxClient) http).url()).isEqualTo(URI.create("http://127.0.0.1:21051/synctl"));
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the COM bridge may exist")
    void comOffWindowsIsAClientThatExplainsItIsUnavailable() {
        try (XtxClient com = XtxClients.open("com", sim.webSocketUrl(), sim.synctlUrl(), TIMEOUT, false)) {
            assertThat(com.bridge()).isEqualTo("com");
            assertThatThrownBy(com::checkSoftDeviceEnv)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessageContaining("Windows");
        }
    }

    @Test
    void unknownBridgeNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> XtxClients.open("pigeon", sim.webSocketUrl(), TIMEOUT, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pigeon")
                .hasMessageContaining("auto, websocket, http, com");
    }

    @Test
    void remoteServiceIsRefusedUnlessAllowed() {
        URI remote = URI.create("ws://192.0.2.7:21051/xtxapp/");
        for (String bridge : new String[] {"auto", "websocket", "http"}) {
            assertThatThrownBy(() -> XtxClients.open(bridge, remote, TIMEOUT, false))
                    .as(bridge)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("192.0.2.7")
                    .hasMessageContaining("loopback");
        }
        try (XtxClient allowed = XtxClients.open("websocket", remote, TIMEOUT, true)) {
            assertThat(allowed.bridge()).isEqualTo("websocket");
        }
    }

    static URI deadWebSocketUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("ws://127.0.0.1:" + s.getLocalPort() + "/xtxapp/");
        }
    }
}
