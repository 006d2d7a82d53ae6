package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.XtxException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket client's parts on their own: where frames go ({@link IncomingFrames}), how its threads
 * are waited for ({@link DaemonThreads}), and a few value edges (hex numbers, version forms, IPv4).
 */
class FramesAndThreadsEdgesTest {
    private static final URI URL = URI.create("ws://127.0.0.1:21051/xtxapp/");
    private final IncomingFrames frames = new IncomingFrames(new XtxProtocol("keywatch"), URL);

    @Test
    void aReplyCompletesOnlyTheCallWaitingForItsId() throws Exception {
        CompletableFuture<XtxProtocol.Message> a = frames.expect("a");
        CompletableFuture<XtxProtocol.Message> b = frames.expect("b");
        assertThat(frames.received("{\"call_cmd_id\":\"a\",\"retValue\":\"true\"}")).isEmpty();
        assertThat(a.get(1, TimeUnit.SECONDS).value()).contains("true");
        assertThat(b).isNotDone();
        assertThat(frames.waiting()).containsExactlyInAnyOrder(a, b);
        frames.forget("a");
        assertThat(frames.waiting()).containsExactly(b);
    }

    @Test
    void framesThatAnswerNoCallAreHandledAndEndNothing() {
        CompletableFuture<XtxProtocol.Message> a = frames.expect("a");
        assertThat(frames.received("not json")).as("not understood").isEmpty();
        assertThat(frames.received("{\"retValue\":\"x\"}")).as("no call id").isEmpty();
        assertThat(frames.received("{\"call_cmd_id\":\"late\",\"retValue\":\"x\"}")).as("for no waiting call").isEmpty();
        assertThat(a).isNotDone();
    }

    @Test
    void aKeyEventReachesEveryListenerEvenWhenOneFailsAndAClosedOneNoMore() throws Exception {
        AtomicInteger heard = new AtomicInteger();
        assertThat(frames.hasKeyListeners()).isFalse();
        AutoCloseable failing = frames.onKeyChange(() -> {
            throw new IllegalStateException("listener bug");
        });
        AutoCloseable counting = frames.onKeyChange(heard::incrementAndGet);
        assertThat(frames.hasKeyListeners()).isTrue();
        assertThat(frames.received("{\"call_cmd_id\":\"onUsbkeyChange\"}")).isEmpty();
        assertThat(heard).hasValue(1);
        counting.close();
        failing.close();
        assertThat(frames.hasKeyListeners()).isFalse();
        frames.received("{\"call_cmd_id\":\"onUsbkeyChange\"}");
        assertThat(heard).hasValue(1);
    }

    @Test
    void aFrameNestedTooDeepFailsEveryWaitingCallAndSaysWhyTheConnectionEnds() {
        CompletableFuture<XtxProtocol.Message> a = frames.expect("a");
        String deep = "{\"call_cmd_id\":\"a\",\"v\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertThat(frames.received(deep)).contains("the service sent JSON nested deeper than 16 levels");
        assertThatThrownBy(a::join).hasCauseInstanceOf(XtxProtocol.OverCap.class);
    }

    @Test
    void endAllHandsBackTheWaitingCallsAndForgetsThemAndTheListeners() {
        CompletableFuture<XtxProtocol.Message> a = frames.expect("a");
        frames.onKeyChange(() -> { });
        assertThat(frames.endAll()).containsExactly(a);
        assertThat(frames.waiting()).isEmpty();
        assertThat(frames.hasKeyListeners()).isFalse();
    }

    // --- threads -------------------------------------------------------------------------------

    private final DaemonThreads threads = new DaemonThreads("keywatch-test-threads");

    /** One of the client's threads, started, waiting until {@code release} counts down. */
    private Thread startWaitingFor(CountDownLatch release) {
        Thread t = threads.newThread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    @Test
    void threadsThatEndInTimeNeedNoNudge() throws Exception {
        Thread t = threads.newThread(() -> { });
        t.start();
        AtomicInteger nudged = new AtomicInteger();
        assertThat(threads.endWithin(threads::owns, Duration.ofSeconds(5), nudged::incrementAndGet)).isTrue();
        assertThat(nudged).hasValue(0);
    }

    @Test
    void aThreadThatOutlivesTheWaitIsNudgedAndThenEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = startWaitingFor(release);
        assertThat(threads.endWithin(threads::owns, Duration.ofMillis(200), release::countDown)).isTrue();
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void aThreadThatOutlivesBothWaitsIsReported() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        startWaitingFor(release);
        AtomicInteger nudged = new AtomicInteger();
        try {
            assertThat(threads.endWithin(threads::owns, Duration.ofMillis(100), nudged::incrementAndGet)).isFalse();
            assertThat(nudged).hasValue(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void anInterruptedWaitIsReportedAndKeepsTheInterrupt() {
        CountDownLatch release = new CountDownLatch(1);
        startWaitingFor(release);
        Thread.currentThread().interrupt();
        try {
            assertThat(threads.endWithin(threads::owns, Duration.ofSeconds(5), () -> { })).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            release.countDown();
        }
    }

    @Test
    void fromOneOfItsOwnThreadsNothingIsWaitedFor() throws Exception {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        AtomicInteger nudged = new AtomicInteger();
        Thread t = threads.newThread(() -> result.complete(
                threads.endWithin(threads::owns, Duration.ofSeconds(5), nudged::incrementAndGet)));
        t.start();
        assertThat(result.get(2, TimeUnit.SECONDS)).isTrue();
        assertThat(nudged).hasValue(0);
    }

    // --- values --------------------------------------------------------------------------------

    @Test
    void aRadixPrefixWithoutDigitsIsNotANumberAndWithDigitsIsRead() {
        assertThat(XtxValues.jsNumber("0x")).isNaN();
        assertThat(XtxValues.jsNumber("0x1f")).isEqualTo(31);
        assertThat(XtxValues.jsNumber("0b101")).isEqualTo(5);
    }

    @Test
    void aVersionTooLargeForAnIntUsesTheCurrentForm() {
        assertThat(XtxProtocol.Form.forVersion("99999999999.1")).isEqualTo(XtxProtocol.Form.CURRENT);
        assertThat(XtxProtocol.Form.forVersion("2.15")).isEqualTo(XtxProtocol.Form.OLDER);
    }

    @Test
    void anIpv4AddressWithAnOctetOver255IsNotLoopback() {
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://127.0.0.256:21051/xtxapp/"))).isFalse();
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://127.0.0.255:21051/xtxapp/"))).isTrue();
    }

    @Test
    void autoRefusesARemoteTlsTwinEvenWhenRemoteServicesAreAllowed() {
        URI ws = URI.create("ws://127.0.0.1:1/xtxapp/");
        URI http = URI.create("http://127.0.0.1:1/synctl");
        assertThatThrownBy(() -> XtxClients.open("auto", ws, http, Duration.ofMillis(200), true,
                BjcaSettings.defaults(), Optional.of(URI.create("wss://192.0.2.7:21061/xtxapp/")), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wss://192.0.2.7:21061/xtxapp/");
        assertThatThrownBy(() -> XtxClients.open("auto", ws, http, Duration.ofMillis(200), true,
                BjcaSettings.defaults(), Optional.empty(), Optional.of(URI.create("https://192.0.2.7:21061/synctl"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://192.0.2.7:21061/synctl");
    }

    @Test
    void theWaitingCallsListIsACopy() {
        frames.expect("a");
        List<CompletableFuture<XtxProtocol.Message>> copy = frames.waiting();
        frames.forget("a");
        assertThat(copy).hasSize(1);
    }
}
