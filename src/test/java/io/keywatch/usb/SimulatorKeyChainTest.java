package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.bjca.WebSocketXtxClient;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.sim.BjcaSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain over real sockets: the BJCA simulator's virtual key pushes {@code onUsbkeyChange}
 * over WebSocket, the client hands it to {@link BjcaKeyEvents}, {@link KeyEvents} to the watchdog,
 * which asks the simulator and checks. The simulator counts {@code CheckSoftDeviceEnv} calls.
 */
@Timeout(60)
class SimulatorKeyChainTest {
    static final Duration SETTLE = Duration.ofMillis(300); // the configuration's default
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path bjcaFolder;

    private BjcaSimulator sim;
    private WebSocketXtxClient client;
    private ExecutorScheduler scheduler;
    private Watchdog watchdog;
    private KeyEvents events;

    @BeforeEach
    void startChain() throws Exception {
        sim = new BjcaSimulator(bjcaFolder).start();
        client = new WebSocketXtxClient(sim.webSocketUrl(), Duration.ofSeconds(5));
        scheduler = new ExecutorScheduler("keywatch-watchdog-sim-test");
        watchdog = new Watchdog(new BjcaEnvironment(client, new FakeSoftkeyStore(), Clock.systemUTC()), scheduler,
                failed -> CompletableFuture.completedFuture(RepairChoice.CANCEL), command -> { },
                new Watchdog.Settings(ResetPolicy.NEVER, List.of(), SETTLE));
        events = new KeyEvents(watchdog, List.of(new BjcaKeyEvents(client), StartupScan.bjcaOnly()));
        events.start();
        // Runs after the startup scan's UNKNOWN, whose GetDeviceCount opened the connection.
        watchdog.checksRun().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @AfterEach
    void stopChain() {
        if (events != null) {
            events.close();
        }
        if (client != null) {
            client.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private CompletableFuture<WatchdogStatus> next(Predicate<WatchdogEvent> wanted) {
        CompletableFuture<WatchdogStatus> f = new CompletableFuture<>();
        watchdog.addListener(e -> {
            if (wanted.test(e)) {
                f.complete(e.status());
            }
        });
        return f;
    }

    /** Resolves after every event posted so far, and every settle window they opened, are done. */
    private void settled() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.execute(() -> scheduler.schedule(() -> done.complete(null), SETTLE.multipliedBy(3)));
        done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aVirtualKeyDrivesTheChainToACheckAndAStatus() throws Exception {
        assertThat(watchdog.status().state()).as("no key at start").isEqualTo(WatchState.WAITING_FOR_KEY);
        assertThat(sim.checkCalls()).isZero();

        CompletableFuture<WatchdogStatus> checked = next(e -> e instanceof WatchdogEvent.Checked);
        sim.insertKey("张三", "5303201812001784");
        WatchdogStatus s = checked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(s.state()).isEqualTo(WatchState.OK);
        assertThat(s.keyPresent()).isTrue();
        assertThat(s.lastCheck().orElseThrow().userName()).contains("张三");
        assertThat(sim.checkCalls()).isEqualTo(1);

        CompletableFuture<WatchdogStatus> waiting = next(e -> e.status().state() == WatchState.WAITING_FOR_KEY);
        sim.removeKey();
        assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS).keyPresent()).isFalse();
        settled();
        assertThat(sim.checkCalls()).as("a removal costs no check").isEqualTo(1);
    }

    @Test
    void aStormOfOneThousandPushesCostsAHandfulOfChecks() throws Exception {
        int pushes = 1000;
        CountDownLatch delivered = new CountDownLatch(pushes);
        // Subscribed after KeyEvents: for each push, the watchdog's listener has run when this one counts.
        AutoCloseable counter = client.onUsbkeyChange(delivered::countDown);
        long t0 = System.nanoTime();
        for (int i = 0; i < pushes; i++) {
            sim.insertKey("张三", "5303201812001784"); // each one pushes onUsbkeyChange
        }
        assertThat(delivered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("all pushes delivered").isTrue();
        long stormMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        counter.close();
        settled();

        long allowed = 2 + (stormMillis + SETTLE.toMillis() - 1) / SETTLE.toMillis();
        assertThat((long) sim.checkCalls()).as("CheckSoftDeviceEnv calls for %d pushes in %d ms", pushes, stormMillis)
                .isBetween(1L, allowed);
        assertThat(watchdog.checksRun().get(5, TimeUnit.SECONDS)).isEqualTo(sim.checkCalls());
        WatchdogStatus s = watchdog.status();
        assertThat(s.state()).isEqualTo(WatchState.OK);
        assertThat(s.keyPresent()).isTrue();
    }

    @Test
    void aCarriedOverDbEndsFailedAfterTheStorm() throws Exception {
        BjcaSimulator.writeForeignDb(bjcaFolder, "IMAGE-BUILDER", java.time.Instant.parse("2023-11-15T08:00:00Z"));
        for (int i = 0; i < 200; i++) {
            sim.insertKey("李四", "5303201812009999");
        }
        CompletableFuture<WatchdogStatus> failed = next(e -> e instanceof WatchdogEvent.Checked c
                && c.result().status() == io.keywatch.core.CheckStatus.FAILED);
        sim.insertKey("李四", "5303201812009999");
        assertThat(failed.get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(WatchState.FAILED);
        settled();
        assertThat(watchdog.status().state()).isEqualTo(WatchState.FAILED);
    }
}
