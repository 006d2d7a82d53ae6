package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.bjca.WebSocketXtxClient;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.ConnectionListener;
import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.XtxClient;
import io.keywatch.sim.BjcaSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never a stale icon, over real sockets: the tray's wiring (BJCA push, startup scan, connection events)
 * against the BJCA simulator over the real WebSocket client. The service is down when KeyWatch starts
 * and comes up later; it goes away while the icon is green. Deadlines, never sleeps.
 */
@Timeout(90)
class StaleIconSimulatorTest {
    static final Duration SETTLE = Duration.ofMillis(300); // the configuration's default
    /** Well above the first retries (2 s, then 4 s), well below a minute: "within seconds". */
    static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path bjcaFolder;

    private BjcaSimulator sim;
    private WebSocketXtxClient client;
    private ExecutorScheduler scheduler;
    private Watchdog watchdog;
    private KeyEvents keys;
    private AutoCloseable connection;

    /** As TrayRun wires it: connection events first, then the key sources (the startup scan checks). */
    private void startLikeTheTray() {
        client = new WebSocketXtxClient(sim.webSocketUrl(), Duration.ofSeconds(5));
        scheduler = new ExecutorScheduler("keywatch-watchdog-stale-test");
        watchdog = new Watchdog(new BjcaEnvironment(client, new FakeSoftkeyStore(), Clock.systemUTC()), scheduler,
                failed -> CompletableFuture.completedFuture(RepairChoice.CANCEL), command -> { },
                new Watchdog.Settings(ResetPolicy.NEVER, List.of(), SETTLE));
        connection = watchdog.followConnection();
        keys = new KeyEvents(watchdog, List.of(new BjcaKeyEvents(client), StartupScan.bjcaOnly()));
        keys.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (keys != null) {
            keys.close();
        }
        if (connection != null) {
            connection.close();
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

    @Test
    void bjcaDownAtStartThenStartedTurnsTheIconOkWithinSecondsWithoutAKeyEvent() throws Exception {
        sim = new BjcaSimulator(bjcaFolder).start();
        sim.insertKey("张三", "5303201812001784");
        sim.stopListening();
        startLikeTheTray();
        awaitState("UNAVAILABLE at start", s -> s == WatchState.UNAVAILABLE, WITHIN);
        assertThat(watchdog.status().lastCheck().orElseThrow().reason()).hasValueSatisfying(r ->
                assertThat(r).contains(sim.webSocketUrl().toString()));
        int pushesBefore = sim.calls("GetDeviceCount");

        sim.startListening(); // the service comes up; no key moves
        long started = System.nanoTime();
        awaitState("OK once the service is up", s -> s == WatchState.OK, WITHIN);

        assertThat(watchdog.status().lastCheck().orElseThrow().userName()).contains("张三");
        assertThat(sim.calls("GetDeviceCount")).as("no key event was needed").isEqualTo(pushesBefore);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WITHIN);
    }

    @Test
    void bjcaStoppedWhileOkTakesTheIconOffOkAndItsReturnIsCheckedAtOnce() throws Exception {
        sim = new BjcaSimulator(bjcaFolder).start();
        sim.insertKey("张三", "5303201812001784");
        startLikeTheTray();
        Assumptions.assumeTrue(reportsConnectionChanges(client),
                "the WebSocket client does not report connection changes yet (issue 12's pings and events)");
        awaitState("OK at start", s -> s == WatchState.OK, WITHIN);
        long checks = watchdog.checksRun().get();

        sim.stopListening(); // closes every session: the client sees its connection end
        awaitState("off OK once the service is gone", s -> s == WatchState.UNAVAILABLE, WITHIN);
        assertThat(watchdog.status().lastCheck().orElseThrow().reason()).isPresent();

        sim.startListening();
        awaitState("OK again once the service is back", s -> s == WatchState.OK, WITHIN);
        assertThat(watchdog.checksRun().get()).isGreaterThan(checks);
    }

    /** True when the client overrides the port's no-op {@code onConnectionChange}. */
    static boolean reportsConnectionChanges(XtxClient client) throws NoSuchMethodException {
        return client.getClass().getMethod("onConnectionChange", ConnectionListener.class).getDeclaringClass()
                != XtxClient.class;
    }

    private void awaitState(String what, Predicate<WatchState> ok, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!ok.test(watchdog.status().state())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within " + within.toSeconds() + " s: "
                        + watchdog.status().state() + " " + watchdog.status().lastCheck().flatMap(c -> c.reason()));
            }
            Thread.sleep(20); // polling an observable state against a deadline, not a timing guess
        }
    }
}
