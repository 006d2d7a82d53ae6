package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeXtx xtx = new FakeXtx();
    private FakeStore store;
    private final List<WatchdogEvent> events = new CopyOnWriteArrayList<>();
    private final List<List<String>> launched = new ArrayList<>();
    private final List<CompletableFuture<RepairChoice>> prompts = new ArrayList<>();
    private IOException launchFailure;

    @BeforeEach
    void setUp() {
        store = new FakeStore(xtx);
    }

    private Watchdog watchdog(ResetPolicy policy) {
        AppLauncher launcher = cmd -> {
            if (launchFailure != null) {
                throw launchFailure;
            }
            launched.add(cmd);
        };
        RepairPrompt prompt = failed -> {
            CompletableFuture<RepairChoice> f = new CompletableFuture<>();
            prompts.add(f);
            return f;
        };
        Watchdog w = new Watchdog(new BjcaEnvironment(xtx, store, java.time.Clock.systemUTC()), scheduler, prompt,
                launcher, new Watchdog.Settings(policy, List.of("nursing.exe", "--login"), Duration.ofMillis(300)));
        w.addListener(events::add);
        return w;
    }

    private <T extends WatchdogEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void healthyKeyIsCheckedAtOnceAndReportsTheUser() {
        Watchdog w = watchdog(ResetPolicy.ASK);
        store.dbPresent = false;
        xtx.envOk = true;
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();

        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        assertThat(w.status().keyPresent()).isTrue();
        WatchdogEvent.Checked checked = eventsOf(WatchdogEvent.Checked.class).get(0);
        assertThat(checked.afterKeyArrival()).isTrue();
        assertThat(checked.result().userName()).contains("张三");
        assertThat(prompts).isEmpty();
    }

    @Test
    void carriedOverDbFailsWithExplanationAndAskedRepairFixesIt() throws Exception {
        Watchdog w = watchdog(ResetPolicy.ASK);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();

        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        CheckResult failed = w.status().lastCheck().orElseThrow();
        assertThat(failed.diagnosis().verdict()).isEqualTo(Verdict.CARRIED_OVER);
        assertThat(failed.diagnosis().comparedWith()).contains(Diagnosis.Reference.OS_INSTALLED);
        assertThat(prompts).hasSize(1);

        prompts.get(0).complete(RepairChoice.REPAIR);
        scheduler.runPending();

        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        assertThat(w.status().lastReset()).isPresent();
        assertThat(store.journal).hasSize(1);
        assertThat(eventsOf(WatchdogEvent.Repaired.class)).hasSize(1);
        assertThat(launched).isEmpty();
    }

    @Test
    void cancelledPromptChangesNothing() {
        Watchdog w = watchdog(ResetPolicy.ASK);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        prompts.get(0).complete(RepairChoice.CANCEL);
        scheduler.runPending();

        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        assertThat(store.dbPresent).isTrue();
        assertThat(store.journal).isEmpty();
    }

    @Test
    void repairAndLaunchStartsTheNursingAppWithItsArgumentList() {
        Watchdog w = watchdog(ResetPolicy.ASK);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        prompts.get(0).complete(RepairChoice.REPAIR_AND_LAUNCH);
        scheduler.runPending();

        assertThat(launched).containsExactly(List.of("nursing.exe", "--login"));
        assertThat(eventsOf(WatchdogEvent.Launched.class)).singleElement()
                .satisfies(l -> assertThat(l.started()).isTrue());
    }

    @Test
    void autoPolicyRepairsWithoutAsking() {
        Watchdog w = watchdog(ResetPolicy.AUTO);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();

        assertThat(prompts).isEmpty();
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        assertThat(store.journal).hasSize(1);
    }

    @Test
    void neverPolicyOnlyReports() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();

        assertThat(prompts).isEmpty();
        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        assertThat(store.dbPresent).isTrue();
    }

    @Test
    void serviceDownIsUnavailableAndTimeoutIsTimeout() {
        Watchdog w = watchdog(ResetPolicy.AUTO);
        xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "connection refused");
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
        assertThat(w.status().lastCheck().orElseThrow().reason()).contains("connection refused");
        assertThat(store.journal).as("no reset without a FAILED answer").isEmpty();

        xtx.failure = new XtxException(XtxException.Kind.TIMEOUT, "no reply in 5000 ms");
        CompletableFuture<CheckResult> f = w.checkNow();
        scheduler.runPending();
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == CheckStatus.TIMEOUT);
        assertThat(w.status().state()).isEqualTo(WatchState.TIMEOUT);
    }

    @Test
    void garbageFromBjcaCountsAsUnavailable() {
        Watchdog w = watchdog(ResetPolicy.ASK);
        xtx.failure = new XtxException(XtxException.Kind.PROTOCOL, "reply is not JSON: <html>");
        CompletableFuture<CheckResult> f = w.checkNow();
        scheduler.runPending();
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == CheckStatus.UNAVAILABLE);
    }

    @Test
    void stormOfEventsSettlesIntoAHandfulOfChecksWithTheFinalStateRight() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        xtx.envOk = true;
        store.dbPresent = false;
        for (int i = 0; i < 1000; i++) {
            w.keyChanged(i % 2 == 0 ? KeyPresence.PRESENT : KeyPresence.ABSENT, "storm");
            if (i % 100 == 0) {
                scheduler.advance(Duration.ofMillis(100)); // the storm spans about a second
            }
        }
        w.keyChanged(KeyPresence.ABSENT, "storm"); // the nurse pulled the key in the end
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(xtx.checkCalls.get()).isBetween(1, 6);
        assertThat(w.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void stormEndingWithTheKeyInIsCheckedAfterItSettles() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        xtx.envOk = true;
        w.keyChanged(KeyPresence.ABSENT, "usb");
        for (int i = 0; i < 50; i++) {
            w.keyChanged(KeyPresence.ABSENT, "usb");
        }
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        assertThat(xtx.checkCalls.get()).as("still inside the settle window").isZero();

        scheduler.advance(Duration.ofMillis(300));
        assertThat(xtx.checkCalls.get()).isEqualTo(1);
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
    }

    @Test
    void bjcaChangeEventAsksTheServiceWhetherAKeyIsThere() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        xtx.devices = 0;
        w.keyChanged(KeyPresence.UNKNOWN, "bjca");
        scheduler.runPending();
        assertThat(xtx.checkCalls.get()).isZero();
        assertThat(w.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);

        xtx.devices = 1;
        scheduler.advance(Duration.ofMillis(300));
        w.keyChanged(KeyPresence.UNKNOWN, "bjca");
        scheduler.runPending();
        assertThat(xtx.checkCalls.get()).isEqualTo(1);
    }

    @Test
    void launchGateBlocksUntilTheCheckPasses() throws Exception {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        CompletableFuture<WatchdogEvent.Launched> f = w.launch();
        scheduler.runPending();
        WatchdogEvent.Launched result = f.get();
        assertThat(result.started()).isFalse();
        assertThat(result.blockedBy()).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(CheckStatus.FAILED));
        assertThat(launched).isEmpty();
    }

    @Test
    void launchWithAskPolicyRepairsFirstWhenTheUserAgrees() throws Exception {
        Watchdog w = watchdog(ResetPolicy.ASK);
        CompletableFuture<WatchdogEvent.Launched> f = w.launch();
        scheduler.runPending();
        assertThat(f).isNotDone();
        prompts.get(0).complete(RepairChoice.REPAIR_AND_LAUNCH);
        scheduler.runPending();
        assertThat(f.get().started()).isTrue();
        assertThat(launched).hasSize(1);
    }

    @Test
    void launchFailureIsReportedNotThrown() throws Exception {
        Watchdog w = watchdog(ResetPolicy.AUTO);
        launchFailure = new IOException("nursing.exe: file not found");
        CompletableFuture<WatchdogEvent.Launched> f = w.launch();
        scheduler.runPending();
        assertThat(f.get().started()).isFalse();
        assertThat(f.get().error()).contains("nursing.exe: file not found");
    }

    @Test
    void refusedRepairLeavesTheStateAsItWasAndSaysWhy() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        store.refuse = new SoftkeyException(SoftkeyException.Reason.LOCKED, "bjca_softkey.db is open in another program");

        CompletableFuture<ResetReport> f = w.repair(false);
        scheduler.runPending();

        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SoftkeyException.class);
        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        assertThat(eventsOf(WatchdogEvent.RepairFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(SoftkeyException.Reason.LOCKED));
    }

    @Test
    void undoLastRepairRestoresAndChecksAgain() throws Exception {
        Watchdog w = watchdog(ResetPolicy.AUTO);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        assertThat(w.status().state()).isEqualTo(WatchState.OK);

        CompletableFuture<JournalEntry> f = w.undoLastRepair();
        scheduler.runPending();
        assertThat(f.get().outcome()).isEqualTo(JournalEntry.RESTORED);
        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        assertThat(eventsOf(WatchdogEvent.Restored.class)).singleElement()
                .satisfies(e -> assertThat(e.entry().id()).isEqualTo(f.get().id()));

        CompletableFuture<JournalEntry> again = w.undoLastRepair();
        scheduler.runPending();
        assertThatThrownBy(again::get).hasCauseInstanceOf(SoftkeyException.class);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        List<WatchdogEvent> second = new ArrayList<>();
        w.addListener(second::add);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        assertThat(second).isNotEmpty();
    }
}
