package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.BjcaSimulator.ReplyKey;
import io.keywatch.sim.BjcaSimulator.ValueStyle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP synctl bridge against the simulator over real loopback sockets. */
class HttpXtxClientTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path bjcaFolder;

    BjcaSimulator sim;
    HttpXtxClient client;

    @BeforeEach
    void start() throws IOException {
        sim = new BjcaSimulator(bjcaFolder, "THIS-PC").start();
        client = new HttpXtxClient(sim.synctlUrl(), TIMEOUT);
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void answersEveryFunctionOfTheReferenceTable() throws Exception {
        sim.insertKey("张三", "5303201812001784");

        assertThat(client.bridge()).isEqualTo("http");
        assertThat(client.checkSoftDeviceEnv()).isTrue();
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        assertThat(client.userList()).containsExactly(new KeyUser("张三", "UserKey/5303201812001784"));
        assertThat(client.deviceCount()).isEqualTo(1);
        assertThat(client.deviceSerials()).containsExactly("5303201812001784");
        assertThat(client.deviceInfo("5303201812001784", 4)).isEqualTo("SM2");
    }

    @ParameterizedTest
    @EnumSource(ReplyKey.class)
    void acceptsBothReplySpellingsAndBothValueStyles(ReplyKey key) throws Exception {
        for (ValueStyle style : ValueStyle.values()) {
            sim.replyStyle(key, style);
            assertThat(client.checkSoftDeviceEnv()).as("%s %s", key, style).isTrue();
            assertThat(client.deviceCount()).as("%s %s", key, style).isZero();
            BjcaSimulator.writeForeignDb(bjcaFolder, "OTHER-PC", Instant.parse("2023-11-15T00:00:00Z"));
            assertThat(client.checkSoftDeviceEnv()).as("%s %s", key, style).isFalse();
            Files.delete(sim.dbFile());
        }
    }

    @Test
    void sendsTheSessionTokenBack() throws Exception {
        client.version();
        client.version();
        assertThat(sim.lastRequestToken()).contains(sim.sessionToken());
    }

    @Test
    void serviceDownIsUnavailableWellWithinTheTimeout() {
        sim.stopListening();
        long start = System.nanoTime();
        assertThatThrownBy(client::checkSoftDeviceEnv)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining(sim.synctlUrl().toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(5));
    }

    @Test
    void slowServiceTimesOut() throws Exception {
        try (HttpXtxClient impatient = new HttpXtxClient(sim.synctlUrl(), Duration.ofMillis(500))) {
            sim.replyDelay(Duration.ofMillis(2000));
            long start = System.nanoTime();
            assertThatThrownBy(impatient::checkSoftDeviceEnv)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                    .hasMessageContaining("500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofMillis(1500));
            sim.replyDelay(Duration.ZERO);
            assertThat(impatient.version()).isEqualTo(BjcaSimulator.VERSION);
        }
    }

    @Test
    void garbageIsProtocolAndTheNextCallSucceeds() throws Exception {
        sim.garbleReplies(1);
        assertThatThrownBy(client::checkSoftDeviceEnv)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining(BjcaSimulator.GARBAGE);
        assertThat(client.checkSoftDeviceEnv()).isTrue();
    }

    @Test
    void droppedConnectionIsUnavailableAndTheNextCallSucceeds() throws Exception {
        sim.dropOnNextRequest();
        assertThatThrownBy(client::version)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
    }

    @Test
    void wrongPathIsProtocolNamingTheHttpStatus() throws Exception {
        URI wrong = sim.synctlUrl().resolve("/nothing-here");
        try (HttpXtxClient lost = new HttpXtxClient(wrong, TIMEOUT)) {
            assertThatThrownBy(lost::version)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                    .hasMessageContaining("HTTP 404");
        }
    }

    @Test
    void eventsAreUnsupportedButSubscribingIsHarmless() throws Exception {
        AutoCloseable subscription = client.onUsbkeyChange(() -> { });
        subscription.close();
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
    }

    @Test
    void closeLeavesNoThreadsAndLaterCallsAreUnavailable() throws Exception {
        client.version();
        String prefix = client.threadNamePrefix();
        client.close();
        assertThat(WebSocketXtxClientTest.liveThreads(prefix)).isEmpty();
        assertThatThrownBy(client::version)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }
}
