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
 * The watchdog's repair, undo and launch paths at their edges: what each reports (events, states,
 * the journal's reason, the count of checks) when it works, when it is refused, and when no check
 * came before it.
 */
class WatchdogRepairEdgesTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeXtx xtx = new FakeXtx();
    private FakeStore store;
    private final List<WatchdogEvent> events = new CopyOnWriteArrayList<>();
    private final List<List<String>> launched = new ArrayList<>();
    private Watchdog.Settings settings;

    @BeforeEach
    void setUp() {
        store = new FakeStore(xtx);
    }

    private Watchdog watchdog(ResetPolicy policy) {
        settings = new Watchdog.Settings(policy, List.of("nursing.exe"), Duration.ofMillis(300));
        Watchdog w = new Watchdog(new BjcaEnvironment(xtx, store, java.time.Clock.systemUTC()), scheduler,
                failed -> new CompletableFuture<>(), launched::add, settings);
        w.addListener(events::add);
        return w;
    }

    private <T extends WatchdogEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<WatchState> states() {
        return eventsOf(WatchdogEvent.StateChanged.class).stream().map(e -> e.status().state()).toList();
    }

    private long checksRun(Watchdog w) {
        CompletableFuture<Long> f = w.checksRun();
        scheduler.runPending();
        return f.join();
    }

    @Test
    void theWatchdogKeepsTheSettingsAndEnvironmentItWasGiven() {
        BjcaEnvironment env = new BjcaEnvironment(xtx, store, java.time.Clock.systemUTC());
        Watchdog.Settings s = new Watchdog.Settings(ResetPolicy.NEVER, List.of(), Duration.ofMillis(300));
        Watchdog w = new Watchdog(env, scheduler, failed -> new CompletableFuture<>(), cmd -> { }, s);
        assertThat(w.settings()).isSameAs(s);
        assertThat(w.environment()).isSameAs(env);
    }

    @Test
    void aRemovedListenerHearsNothingMore() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        List<WatchdogEvent> removed = new ArrayList<>();
        java.util.function.Consumer<WatchdogEvent> listener = removed::add;
        w.addListener(listener);
        w.removeListener(listener);
        w.checkNow();
        scheduler.runPending();
        assertThat(events).as("the others still hear").isNotEmpty();
        assertThat(removed).isEmpty();
    }

    @Test
    void anAskedRepairGoesThroughRepairingNamesTheVerdictInTheJournalAndCountsItsRecheck() throws Exception {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        events.clear();

        CompletableFuture<ResetReport> f = w.repair(false);
        scheduler.runPending();

        ResetReport report = f.get();
        assertThat(report.entry()).isEqualTo(store.journal.get(0));
        assertThat(report.recheck().ok()).isTrue();
        assertThat(store.journal.get(0).reason()).isEqualTo("CheckSoftDeviceEnv false; db verdict CARRIED_OVER");
        assertThat(states()).startsWith(WatchState.REPAIRING);
        assertThat(events.get(0)).isInstanceOf(WatchdogEvent.StateChanged.class);
        assertThat(eventsOf(WatchdogEvent.Repaired.class)).singleElement()
                .satisfies(r -> assertThat(r.report()).isEqualTo(report));
        assertThat(checksRun(w)).as("the key's check and the reset's recheck").isEqualTo(2);
    }

    @Test
    void aRepairWithoutAnyCheckBeforeSaysTheVerdictIsUnknown() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.repair(false);
        scheduler.runPending();
        assertThat(store.journal).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("CheckSoftDeviceEnv false; db verdict unknown"));
    }

    @Test
    void aRefusedRepairGoesBackToWhatTheLastCheckSaid() {
        store.dbPresent = false;
        xtx.envOk = true;
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.checkNow();
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.OK);

        CompletableFuture<ResetReport> f = w.repair(false);
        scheduler.runPending();

        assertThat(f).isCompletedExceptionally();
        assertThat(w.status().state()).as("the last check passed: back to OK, not FAILED").isEqualTo(WatchState.OK);
        assertThat(eventsOf(WatchdogEvent.RepairFailed.class)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(SoftkeyException.Reason.NOT_FOUND);
            assertThat(e.message()).isEqualTo("no db");
        });
    }

    @Test
    void checkNowAppliesTheAutomaticPolicyToAFailedCheck() {
        Watchdog w = watchdog(ResetPolicy.AUTO);
        CompletableFuture<CheckResult> f = w.checkNow();
        scheduler.runPending();
        assertThat(f.join().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(store.journal).as("reset without asking").hasSize(1);
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
    }

    @Test
    void undoPutsBackTheMostRecentRepairAndChecksAgain() throws Exception {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.repair(false);
        scheduler.runPending();
        store.dbPresent = true; // BJCA's fresh db, carried over again
        w.repair(false);
        scheduler.runPending();
        assertThat(store.journal).extracting(JournalEntry::id).containsExactly("q0", "q1");
        long before = checksRun(w);

        CompletableFuture<JournalEntry> f = w.undoLastRepair();
        scheduler.runPending();

        assertThat(f.get().id()).as("the last one, not the first").isEqualTo("q1");
        assertThat(eventsOf(WatchdogEvent.Restored.class)).singleElement()
                .satisfies(e -> assertThat(e.entry().id()).isEqualTo("q1"));
        assertThat(checksRun(w)).as("checked again after the restore").isEqualTo(before + 1);
    }

    @Test
    void undoWithNothingToUndoIsRefusedAndSaysSo() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        CompletableFuture<JournalEntry> f = w.undoLastRepair();
        scheduler.runPending();
        assertThat(f).isCompletedExceptionally();
        assertThat(eventsOf(WatchdogEvent.RepairFailed.class)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(SoftkeyException.Reason.UNKNOWN_ID);
            assertThat(e.message()).isEqualTo("no repair to undo");
        });
    }

    @Test
    void theLaunchGateStartsTheAppAfterAPassingCheck() {
        store.dbPresent = false;
        xtx.envOk = true;
        Watchdog w = watchdog(ResetPolicy.ASK);
        CompletableFuture<WatchdogEvent.Launched> f = w.launch();
        scheduler.runPending();
        assertThat(f.join().started()).isTrue();
        assertThat(launched).containsExactly(List.of("nursing.exe"));
    }

    @Test
    void aLostConnectionWithoutAnyCheckTakesTheDbAndBridgeFromTheEnvironment() {
        store.refuse = new SoftkeyException(SoftkeyException.Reason.LOCKED, "in use");
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.followConnection();
        w.repair(false);
        scheduler.runPending();
        assertThat(w.status().state()).as("refused with no check to go back to").isEqualTo(WatchState.FAILED);
        assertThat(w.status().lastCheck()).isEmpty();

        xtx.connectionLost("closed by the service (code 1006)");
        scheduler.runPending();

        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
        CheckResult lost = w.status().lastCheck().orElseThrow();
        assertThat(lost.bridge()).isEqualTo("fake");
        assertThat(lost.diagnosis()).isEqualTo(store.diagnose());
        assertThat(lost.reason()).contains("closed by the service (code 1006)");
    }

    @Test
    void aKeyTakenOutPublishesTheWaitingState() {
        store.dbPresent = false;
        xtx.envOk = true;
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        scheduler.advance(Duration.ofSeconds(1));
        events.clear();

        w.keyChanged(KeyPresence.ABSENT, "usb");
        scheduler.runPending();

        assertThat(states()).containsExactly(WatchState.WAITING_FOR_KEY);
        assertThat(w.status().keyPresent()).isFalse();
    }

    @Test
    void aLaunchOvertakenByANewerStateStillAnswersWithItsCheck() {
        store.dbPresent = false;
        xtx.envOk = true;
        Watchdog w = watchdog(ResetPolicy.ASK);
        w.followConnection();
        w.addListener(e -> {
            if (e instanceof WatchdogEvent.StateChanged && e.status().state() == WatchState.CHECKING) {
                xtx.connectionLost("closed by the service (code 1006)");
            }
        });
        CompletableFuture<WatchdogEvent.Launched> f = w.launch();
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
        assertThat(f).as("the gate answers with the check it had").isDone();
        assertThat(f.join().started()).isTrue();
    }
}
