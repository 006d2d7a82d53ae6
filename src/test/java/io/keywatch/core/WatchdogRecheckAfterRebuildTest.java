package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The check after BJCA rebuilt its environment: no reset offered again; the app starts only when asked and OK. */
class WatchdogRecheckAfterRebuildTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeXtx xtx = new FakeXtx();
    private final FakeStore store = new FakeStore(xtx);
    private final List<WatchdogEvent> events = new CopyOnWriteArrayList<>();
    private final List<List<String>> launched = new ArrayList<>();
    private int prompts;

    private Watchdog watchdog() {
        Watchdog w = new Watchdog(new BjcaEnvironment(xtx, store, java.time.Clock.systemUTC()), scheduler, failed -> {
            prompts++;
            return new CompletableFuture<>();
        }, launched::add, new Watchdog.Settings(ResetPolicy.ASK, List.of("nursing.exe"), Duration.ofMillis(300)));
        w.addListener(events::add);
        return w;
    }

    @Test
    void passingAfterTheRebuildStartsTheAppWhenAsked() {
        Watchdog w = watchdog();
        xtx.envOk = true;
        CompletableFuture<CheckResult> f = w.recheckAfterRebuild(true);
        scheduler.runPending();
        assertThat(f.join().ok()).isTrue();
        assertThat(launched).containsExactly(List.of("nursing.exe"));
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        assertThat(events).anyMatch(e -> e instanceof WatchdogEvent.Launched l && l.started());
    }

    @Test
    void passingWithoutTheAskStartsNothing() {
        Watchdog w = watchdog();
        xtx.envOk = true;
        CompletableFuture<CheckResult> f = w.recheckAfterRebuild(false);
        scheduler.runPending();
        assertThat(f.join().ok()).isTrue();
        assertThat(launched).isEmpty();
    }

    @Test
    void stillFailingOffersNoSecondResetAndBlocksTheApp() {
        Watchdog w = watchdog();
        xtx.envOk = false;
        CompletableFuture<CheckResult> f = w.recheckAfterRebuild(true);
        scheduler.runPending();
        assertThat(f.join().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(prompts).isZero();
        assertThat(launched).isEmpty();
        assertThat(events).anyMatch(e -> e instanceof WatchdogEvent.Launched l && l.blockedBy().isPresent());
        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
    }
}
