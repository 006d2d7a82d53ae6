package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The icon is never stale: a lost connection takes it off OK at once, a service that answers again is
 * checked at once, an unreachable service is re-checked on a pinned backoff, and resume and unlock
 * check again. Virtual time: every delay is exact, nothing sleeps.
 */
class WatchdogFreshnessTest {
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final Duration MS = Duration.ofMillis(1);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeXtx xtx = new FakeXtx();
    private final List<WatchdogEvent> events = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<RepairChoice>> prompts = new ArrayList<>();
    private FakeStore store;
    private Watchdog w;

    @BeforeEach
    void setUp() {
        store = new FakeStore(xtx);
        store.dbPresent = false;
        xtx.envOk = true;
        RepairPrompt prompt = failed -> {
            CompletableFuture<RepairChoice> f = new CompletableFuture<>();
            prompts.add(f);
            return f;
        };
        w = new Watchdog(new BjcaEnvironment(xtx, store, java.time.Clock.systemUTC()), scheduler, prompt,
                cmd -> { }, new Watchdog.Settings(ResetPolicy.ASK, List.of(), SETTLE));
        w.addListener(events::add);
    }

    private void keyInAndSettle() {
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.advance(SETTLE); // the debounce window closes; nothing else is due
    }

    private void serviceDown() {
        xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "connection refused");
    }

    private void serviceUp() {
        xtx.failure = null;
    }

    @Test
    void aLostConnectionTakesTheIconOffOkAtOnceAndSaysWhy() throws Exception {
        AutoCloseable sub = w.followConnection();
        keyInAndSettle();
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        int checks = xtx.checkCalls.get();
        events.clear();

        xtx.connectionLost("closed by the service (code 1006)");
        scheduler.runPending();

        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
        assertThat(w.status().keyPresent()).isTrue();
        CheckResult shown = w.status().lastCheck().orElseThrow();
        assertThat(shown.status()).isEqualTo(CheckStatus.UNAVAILABLE);
        assertThat(shown.reason()).contains("closed by the service (code 1006)");
        assertThat(shown.bridge()).isEqualTo("fake");
        assertThat(xtx.checkCalls.get()).as("noticing a loss asks BJCA nothing").isEqualTo(checks);
        assertThat(events).singleElement().isInstanceOf(WatchdogEvent.StateChanged.class);
        assertThat(prompts).isEmpty();

        sub.close();
        assertThat(xtx.connectionListeners()).isZero();
    }

    @Test
    void aLostConnectionAlsoEndsAFailedVerdictButNotTheWaitForAKey() {
        w.followConnection();
        xtx.connectionLost("refused");
        scheduler.runPending();
        assertThat(w.status().state()).as("waiting for a key claims nothing about BJCA")
                .isEqualTo(WatchState.WAITING_FOR_KEY);

        store.dbPresent = true;
        xtx.envOk = false;
        keyInAndSettle();
        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        xtx.connectionLost("pings unanswered");
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
        assertThat(w.status().lastCheck().orElseThrow().diagnosis().verdict())
                .as("the db's diagnosis is kept").isEqualTo(Verdict.CARRIED_OVER);
    }

    @Test
    void aServiceThatAnswersAgainIsCheckedAtOnce() {
        w.followConnection();
        serviceDown();
        keyInAndSettle();
        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
        int checks = xtx.checkCalls.get();

        serviceUp();
        xtx.connectionBack();
        scheduler.runPending(); // no time passes: at once, not at the next retry

        assertThat(xtx.checkCalls.get()).isEqualTo(checks + 1);
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        assertThat(w.status().lastCheck().orElseThrow().userName()).contains("张三");
        assertThat(scheduler.pendingTimers()).as("the retry is cancelled by the answer").isZero();
    }

    @Test
    void connectedWhileTheLastCheckWasAnsweredAsksNothing() {
        w.followConnection();
        keyInAndSettle();
        int checks = xtx.checkCalls.get();
        xtx.connectionBack(); // e.g. the first connection, opened by the check itself
        scheduler.runPending();
        assertThat(xtx.checkCalls.get()).isEqualTo(checks);
        assertThat(prompts).isEmpty();
    }

    @Test
    void anUnreachableServiceIsCheckedAgainOnAPinnedBackoffAndIdleCostsNothingOnceItAnswers() {
        serviceDown();
        keyInAndSettle(); // the first check, at t = 0
        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
        // Retries 2, 4, 8, 16, 32 s after the previous one, then every 60 s: one ms early nothing happens.
        long[] gaps = {2, 4, 8, 16, 32, 60, 60, 60};
        int checks = xtx.checkCalls.get();
        scheduler.advance(Duration.ofSeconds(2).minus(SETTLE).minus(MS));
        for (long gap : gaps) {
            assertThat(xtx.checkCalls.get()).as("not yet, " + gap + " s gap").isEqualTo(checks);
            scheduler.advance(MS);
            checks++;
            assertThat(xtx.checkCalls.get()).as("retry after " + gap + " s").isEqualTo(checks);
            assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
            assertThat(scheduler.pendingTimers()).as("exactly one retry waits").isEqualTo(1);
            long next = gap == 32 || gap == 60 ? 60 : gap * 2;
            scheduler.advance(Duration.ofSeconds(next).minus(MS));
        }
        // The service is back: the next retry (60 s) finds it; then nothing is scheduled at all.
        serviceUp();
        scheduler.advance(MS);
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        assertThat(scheduler.pendingTimers()).isZero();
        int settled = xtx.checkCalls.get();
        scheduler.advance(Duration.ofHours(8));
        assertThat(xtx.checkCalls.get()).as("no polling while BJCA answers").isEqualTo(settled);

        // A new outage starts the series at 2 s again.
        xtx.failure = new XtxException(XtxException.Kind.TIMEOUT, "no reply in 5000 ms");
        w.checkNow();
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.TIMEOUT);
        scheduler.advance(Duration.ofSeconds(2).minus(MS));
        assertThat(xtx.checkCalls.get()).isEqualTo(settled + 1);
        scheduler.advance(MS);
        assertThat(xtx.checkCalls.get()).as("TIMEOUT retries too, from 2 s").isEqualTo(settled + 2);
    }

    @Test
    void theKeyLeavingEndsTheRetries() {
        serviceDown();
        keyInAndSettle();
        w.keyChanged(KeyPresence.ABSENT, "usb");
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);
        scheduler.advance(SETTLE);
        assertThat(scheduler.pendingTimers()).isZero();
        int checks = xtx.checkCalls.get();
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(xtx.checkCalls.get()).isEqualTo(checks);
    }

    @Test
    void resumeAndUnlockCheckAgainOnceAfterTheSettleWindow() {
        keyInAndSettle();
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        int checks = xtx.checkCalls.get();
        // While the cart slept the db went stale: the next look must say so and offer the repair.
        store.dbPresent = true;
        xtx.envOk = false;

        w.sessionChanged(SessionEvents.Change.RESUMED);
        w.sessionChanged(SessionEvents.Change.UNLOCKED); // resume then unlock: one look, not two
        scheduler.advance(SETTLE.minus(MS));
        assertThat(xtx.checkCalls.get()).isEqualTo(checks);
        scheduler.advance(MS);

        assertThat(xtx.checkCalls.get()).isEqualTo(checks + 1);
        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        assertThat(prompts).hasSize(1);
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(xtx.checkCalls.get()).isEqualTo(checks + 1);

        w.sessionChanged(SessionEvents.Change.UNLOCKED); // a later unlock is a new look
        scheduler.advance(SETTLE);
        assertThat(xtx.checkCalls.get()).isEqualTo(checks + 2);
    }

    @Test
    void resumeWhileWaitingWithNoKeyAsksNothingButAnUnknownKeyIsAskedFor() {
        w.keyChanged(KeyPresence.ABSENT, "usb");
        scheduler.advance(SETTLE);
        w.sessionChanged(SessionEvents.Change.RESUMED);
        scheduler.advance(SETTLE);
        assertThat(xtx.checkCalls.get()).isZero();
        assertThat(w.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);

        // BJCA's push is the only source (presence UNKNOWN): after a resume, ask who is there.
        xtx.devices = 0;
        w.keyChanged(KeyPresence.UNKNOWN, "bjca-push");
        scheduler.advance(SETTLE);
        assertThat(w.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);
        xtx.devices = 1;
        w.sessionChanged(SessionEvents.Change.UNLOCKED);
        scheduler.advance(SETTLE);
        assertThat(xtx.checkCalls.get()).isEqualTo(1);
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
    }

    @Test
    void aBjcaDownAtStartIsFoundByTheRetryWithoutAKeyEvent() {
        serviceDown();
        w.keyChanged(KeyPresence.UNKNOWN, "startup-scan"); // the service cannot say: check anyway
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
        serviceUp(); // e.g. HTTP or COM: no connection event will come
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        assertThat(events).filteredOn(WatchdogEvent.Checked.class::isInstance).last()
                .matches(e -> !((WatchdogEvent.Checked) e).afterKeyArrival(), "a re-check is no key arrival");
    }
}
