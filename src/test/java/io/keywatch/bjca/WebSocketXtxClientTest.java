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
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The WebSocket bridge against the simulator over real loopback sockets, happy and failure paths. */
class WebSocketXtxClientTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path bjcaFolder;

    BjcaSimulator sim;
    WebSocketXtxClient client;

    @BeforeEach
    void start() throws IOException {
        sim = new BjcaSimulator(bjcaFolder, "THIS-PC").start();
        client = new WebSocketXtxClient(sim.webSocketUrl(), TIMEOUT);
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void answersEveryFunctionOfTheReferenceTable() throws Exception {
        sim.insertKey("张三", "5303201812001784");

        assertThat(client.bridge()).isEqualTo("websocket");
        assertThat(client.checkSoftDeviceEnv()).isTrue();
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        assertThat(client.userList()).containsExactly(new KeyUser("张三", "UserKey/5303201812001784"));
        assertThat(client.deviceCount()).isEqualTo(1);
        assertThat(client.deviceSerials()).containsExactly("5303201812001784");
        assertThat(client.deviceInfo("5303201812001784", 7)).isEqualTo("HARD");
        assertThat(client.deviceInfo("5303201812001784", 3)).isEqualTo("5303201812001784");

        sim.removeKey();
        assertThat(client.userList()).isEmpty();
        assertThat(client.deviceCount()).isZero();
        assertThat(client.deviceSerials()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ReplyKey.class)
    void acceptsBothReplySpellingsAndBothValueStyles(ReplyKey key) throws Exception {
        for (ValueStyle style : ValueStyle.values()) {
            sim.replyStyle(key, style);
            sim.insertKey("李四", "SN1");
            assertThat(client.checkSoftDeviceEnv()).as("%s %s", key, style).isTrue();
            assertThat(client.deviceCount()).as("%s %s", key, style).isEqualTo(1);
            // A text reply in every style (the version is asked once per connection, see below).
            assertThat(client.userList()).as("%s %s", key, style).containsExactly(new KeyUser("李四", "UserKey/SN1"));

            BjcaSimulator.writeForeignDb(bjcaFolder, "OTHER-PC", Instant.parse("2023-11-15T00:00:00Z"));
            assertThat(client.checkSoftDeviceEnv()).as("%s %s", key, style).isFalse();
            java.nio.file.Files.delete(sim.dbFile());
        }
    }

    @Test
    void sendsTheSessionTokenBackOnceTheServiceGaveOne() throws Exception {
        client.version();
        assertThat(sim.lastRequestToken()).isEmpty();
        client.deviceCount();
        assertThat(sim.lastRequestToken()).contains(sim.sessionToken());
    }

    @Test
    void theIncidentForeignDbFailsAndAFreshDbPasses() throws Exception {
        BjcaSimulator.writeForeignDb(bjcaFolder, "IMAGE-BUILD-PC", Instant.parse("2023-11-15T00:00:00Z"));

        assertThat(client.checkSoftDeviceEnv()).isFalse();

        java.nio.file.Files.delete(sim.dbFile());
        assertThat(client.checkSoftDeviceEnv()).isTrue();
        assertThat(sim.dbFile()).exists();
        assertThat(client.checkSoftDeviceEnv()).isTrue();
        assertThat(sim.checkCalls()).isEqualTo(3);
    }

    @Test
    void serviceDownIsUnavailableWellWithinTheTimeout() throws Exception {
        sim.stopListening();

        long start = System.nanoTime();
        assertThatThrownBy(client::checkSoftDeviceEnv)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining(sim.webSocketUrl().toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(5));
    }

    @Test
    void nothingListeningAtAllIsUnavailableQuickly() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        try (WebSocketXtxClient nowhere = new WebSocketXtxClient(URI.create("ws://127.0.0.1:" + freePort + "/xtxapp/"),
                TIMEOUT)) {
            long start = System.nanoTime();
            assertThatThrownBy(nowhere::version)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(5));
        }
    }

    @Test
    void serviceComingBackIsUsedByTheNextCall() throws Exception {
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        sim.stopListening();
        // A call that goes to the service (version() is answered from the connection's first question).
        assertThatThrownBy(client::deviceCount).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));

        sim.startListening();
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
    }

    @Test
    void slowServiceTimesOutAndALateReplyIsNotMistakenForTheNextOne() throws Exception {
        try (WebSocketXtxClient impatient = new WebSocketXtxClient(sim.webSocketUrl(), Duration.ofMillis(1000))) {
            assertThat(impatient.deviceCount()).isZero(); // connected

            sim.replyDelay(Duration.ofMillis(1500));
            long start = System.nanoTime();
            assertThatThrownBy(impatient::deviceSerials)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                    .hasMessageContaining("1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofMillis(1400));

            // The late reply arrives ~0.5 s into this call; the call must wait for its own reply.
            sim.replyDelay(Duration.ofMillis(800));
            assertThat(impatient.deviceCount()).isZero();
        }
    }

    @Test
    void garbageFrameAnswersNothingAsOnBjcaPagesAndTheNextCallSucceeds() throws Exception {
        try (WebSocketXtxClient impatient = new WebSocketXtxClient(sim.webSocketUrl(), Duration.ofMillis(1000))) {
            assertThat(impatient.deviceCount()).isZero(); // connected
            sim.garbleReplies(1);

            assertThatThrownBy(impatient::checkSoftDeviceEnv)
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));

            assertThat(impatient.checkSoftDeviceEnv()).isTrue();
        }
    }

    @Test
    void theVersionIsAskedOncePerConnection() throws Exception {
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        assertThat(sim.calls("SOF_GetVersion")).as("one connection, one question").isEqualTo(1);

        // A new connection may be a new (upgraded) service: asked again.
        sim.dropOnNextRequest();
        assertThatThrownBy(client::checkSoftDeviceEnv).isInstanceOf(XtxException.class);
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        assertThat(sim.calls("SOF_GetVersion")).isEqualTo(2);
    }

    @Test
    void droppedConnectionFailsTheCallAsUnavailableThenReconnects() throws Exception {
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        sim.dropOnNextRequest();

        long start = System.nanoTime();
        assertThatThrownBy(client::checkSoftDeviceEnv)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("lost");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(5));

        assertThat(client.checkSoftDeviceEnv()).isTrue();
    }

    @Test
    void deliversUsbkeyChangePushesToSubscribersUntilUnsubscribed() throws Exception {
        AtomicInteger first = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(2);
        AutoCloseable firstSubscription = client.onUsbkeyChange(first::incrementAndGet);
        client.onUsbkeyChange(second::countDown);
        assertThat(sim.awaitWebSocketSessions(1, TIMEOUT)).isTrue();

        sim.insertKey("张三", "SN1");
        sim.removeKey();
        // Subscribers are called in subscription order: once the second saw both, so did the first.
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(first.get()).isEqualTo(2);

        // Unsubscribed listeners hear nothing more; a later subscriber proves the push was delivered.
        firstSubscription.close();
        CountDownLatch third = new CountDownLatch(1);
        client.onUsbkeyChange(third::countDown);
        sim.insertKey("张三", "SN1");
        assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(first.get()).isEqualTo(2);
    }

    @Test
    void anEventStormIsDeliveredCompletelyAndCallsStillWork() throws Exception {
        CountDownLatch events = new CountDownLatch(200);
        client.onUsbkeyChange(events::countDown);
        assertThat(sim.awaitWebSocketSessions(1, TIMEOUT)).isTrue();

        for (int i = 0; i < 100; i++) {
            sim.insertKey("张三", "SN" + i);
            sim.removeKey();
        }
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        assertThat(events.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void subscribersGetEventsAgainAfterTheServiceRestartsWithoutAnyCall() throws Exception {
        CountDownLatch event = new CountDownLatch(1);
        client.onUsbkeyChange(event::countDown);
        assertThat(sim.awaitWebSocketSessions(1, TIMEOUT)).isTrue();

        sim.stopListening();
        sim.startListening();
        // The background reconnect (0.2 s backoff) must find the service again.
        assertThat(sim.awaitWebSocketSessions(1, TIMEOUT)).isTrue();

        sim.insertKey("张三", "SN1");
        assertThat(event.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentCallersEachGetTheirOwnReply() throws Exception {
        sim.insertKey("张三", "SN1");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        if ((id + i) % 2 == 0) {
                            assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
                        } else {
                            assertThat(client.deviceSerials()).containsExactly("SN1");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeEndsCallsAndLeavesNoThreadsBehind() throws Exception {
        client.onUsbkeyChange(() -> { });
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        String prefix = client.threadNamePrefix();
        assertThat(liveThreads(prefix)).isNotEmpty();

        client.close();

        assertThat(liveThreads(prefix)).isEmpty();
        assertThatThrownBy(client::version)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("closed");
    }

    @Test
    void theLibrarysWriterThreadCarriesThePrefixSoTheLeakCheckCoversIt() throws Exception {
        assertThat(client.version()).isEqualTo(BjcaSimulator.VERSION);
        String prefix = client.threadNamePrefix();
        assertThat(liveThreads(prefix)).anyMatch(n -> n.contains("WebSocketWriteThread"));

        client.close();

        assertThat(liveThreads(prefix)).isEmpty();
    }

    @Test
    void refusesARemoteServiceUnlessAllowed() {
        URI remote = URI.create("ws://192.0.2.10:21051/xtxapp/");
        assertThatThrownBy(() -> new WebSocketXtxClient(remote, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(remote.toString())
                .hasMessageContaining("loopback");
        // Allowed explicitly: constructed, nothing is contacted until a call.
        new WebSocketXtxClient(remote, TIMEOUT, true).close();
    }

    static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(prefix + "-"))
                .toList();
    }
}
