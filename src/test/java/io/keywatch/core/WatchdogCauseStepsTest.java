package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A check in two steps: the answer of {@code CheckSoftDeviceEnv} is published before the doctor's key
 * checks make any certificate call; the cause follows as a task of its own on the watchdog's thread,
 * and the key-arrival {@link WatchdogEvent.Checked} (the balloon) carries it.
 */
class WatchdogCauseStepsTest {
    private static final List<String> CERTIFICATE_CALLS = List.of("SOF_ExportUserCert", "SOF_GetCertInfo",
            "SOF_ValidateCert", "SOF_GetPinRetryCount");
    private static final Cause EXPIRED = new Cause("cert.validity", Cause.Level.FAIL, "The certificate expired.",
            "Ask IT for a new key.", true);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeXtx xtx = new FakeXtx();
    private final FakeStore store = new FakeStore(xtx);
    /** Each event with the BJCA calls made before it was published. */
    private final List<Seen> seen = new ArrayList<>();
    private final List<CheckResult> offered = new ArrayList<>();
    private final List<CheckResult> causesAskedFor = new ArrayList<>();
    private Optional<Cause> cause = Optional.of(EXPIRED);

    private record Seen(WatchdogEvent event, List<String> callsBefore) { }

    @BeforeEach
    void healthyService() {
        store.dbPresent = false;
        xtx.envOk = true;
    }

    /** The doctor's key checks as the tray runs them: certificate calls, then the cause. */
    private Optional<Cause> keyChecks(CheckResult r) throws XtxException {
        causesAskedFor.add(r);
        String cert = xtx.exportUserCert(r.users().get(0).certId());
        xtx.certInfo(cert, 12);
        xtx.validateCert(cert);
        xtx.pinRetryCount(r.users().get(0).certId());
        return cause;
    }

    private Watchdog watchdog(ResetPolicy policy) {
        CauseFinder finder = r -> {
            try {
                return keyChecks(r);
            } catch (XtxException e) {
                return Optional.empty();
            }
        };
        Watchdog w = new Watchdog(new BjcaEnvironment(xtx, store, java.time.Clock.systemUTC()).withCauses(finder),
                scheduler, failed -> {
                    offered.add(failed);
                    return new CompletableFuture<>();
                }, cmd -> { }, new Watchdog.Settings(policy, List.of(), Duration.ofMillis(300)));
        w.addListener(e -> seen.add(new Seen(e, List.copyOf(xtx.calls))));
        return w;
    }

    private static boolean certificateCall(String function) {
        return CERTIFICATE_CALLS.contains(function);
    }

    private int indexOf(Class<? extends WatchdogEvent> type, WatchState state) {
        for (int i = 0; i < seen.size(); i++) {
            WatchdogEvent e = seen.get(i).event();
            if (type.isInstance(e) && e.status().state() == state) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theStatusIsPublishedBeforeAnyCertificateCallAndTheCauseFollowsAsItsOwnTask() {
        Watchdog w = watchdog(ResetPolicy.ASK);
        w.keyChanged(KeyPresence.PRESENT, "usb");

        assertThat(scheduler.runNext()).as("the key event").isTrue();
        // Step one is done: the icon's status says OK, and not one certificate call has been made.
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
        assertThat(w.status().keyPresent()).isTrue();
        assertThat(w.status().lastCheck().orElseThrow().cause()).as("no cause yet").isEmpty();
        assertThat(xtx.calls).contains("CheckSoftDeviceEnv").noneMatch(WatchdogCauseStepsTest::certificateCall);
        int ok = indexOf(WatchdogEvent.StateChanged.class, WatchState.OK);
        assertThat(ok).as("OK published as a state change").isNotNegative();
        assertThat(seen.get(ok).callsBefore()).contains("CheckSoftDeviceEnv")
                .noneMatch(WatchdogCauseStepsTest::certificateCall);
        assertThat(seen).noneMatch(s -> s.event() instanceof WatchdogEvent.Checked);

        assertThat(scheduler.runNext()).as("the cause step, posted by the check").isTrue();
        assertThat(scheduler.runNext()).as("nothing else was posted").isFalse();
        assertThat(xtx.calls).containsSubsequence("CheckSoftDeviceEnv", "SOF_ExportUserCert", "SOF_ValidateCert",
                "SOF_GetPinRetryCount");
        Seen checked = seen.get(seen.size() - 1);
        assertThat(checked.event()).isInstanceOfSatisfying(WatchdogEvent.Checked.class, c -> {
            assertThat(c.afterKeyArrival()).as("balloon-worthy").isTrue();
            assertThat(c.result().cause()).contains(EXPIRED);
            assertThat(c.status().lastCheck()).contains(c.result());
            assertThat(c.status().state()).isEqualTo(WatchState.OK);
        });
        assertThat(checked.callsBefore()).contains("SOF_ExportUserCert");
        assertThat(w.status().lastCheck().orElseThrow().cause()).contains(EXPIRED);
        assertThat(seen.subList(ok + 1, seen.size() - 1)).as("nothing between the answer and the cause").isEmpty();
    }

    @Test
    void theCauseIsLookedForWithTheAnswerThatWasPublished() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        CheckResult answer = seen.get(indexOf(WatchdogEvent.StateChanged.class, WatchState.OK)).event().status()
                .lastCheck().orElseThrow();
        assertThat(causesAskedFor).containsExactly(answer);
        CompletableFuture<Long> checks = w.checksRun();
        scheduler.runPending();
        assertThat(checks.join()).as("one CheckSoftDeviceEnv for both steps").isEqualTo(1);
        assertThat(xtx.checkCalls.get()).isEqualTo(1);
    }

    @Test
    void aFailedCheckOffersTheRepairWithTheResultTheBalloonShows() {
        store.dbPresent = true;
        xtx.envOk = false;
        Watchdog w = watchdog(ResetPolicy.ASK);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runNext();
        assertThat(w.status().state()).isEqualTo(WatchState.FAILED);
        assertThat(offered).as("the repair waits for the cause step").isEmpty();

        scheduler.runPending();
        WatchdogEvent.Checked checked = (WatchdogEvent.Checked) seen.get(seen.size() - 1).event();
        assertThat(offered).singleElement().isSameAs(checked.result());
        assertThat(checked.result().cause()).contains(EXPIRED);
    }

    /** The connection drops while CheckSoftDeviceEnv is under way: the loss is queued before the cause step. */
    private void connectionLostDuringTheCheck(Watchdog w) {
        w.followConnection();
        w.addListener(e -> {
            if (e instanceof WatchdogEvent.StateChanged && e.status().state() == WatchState.CHECKING) {
                xtx.connectionLost("closed by the service (code 1006)");
            }
        });
    }

    @Test
    void aNewerStateBeforeTheCauseStepSkipsItsCertificateCallsItsBalloonAndItsRepair() {
        store.dbPresent = true;
        xtx.envOk = false;
        Watchdog w = watchdog(ResetPolicy.ASK);
        connectionLostDuringTheCheck(w);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runNext();
        assertThat(w.status().state()).as("the answer, published").isEqualTo(WatchState.FAILED);

        scheduler.runPending();
        assertThat(w.status().state()).as("the newer fact stands").isEqualTo(WatchState.UNAVAILABLE);
        assertThat(xtx.calls).noneMatch(WatchdogCauseStepsTest::certificateCall);
        assertThat(causesAskedFor).isEmpty();
        assertThat(seen).noneMatch(s -> s.event() instanceof WatchdogEvent.Checked);
        assertThat(offered).as("no repair offered for an out-of-date answer").isEmpty();
    }

    @Test
    void checkNowOvertakenByANewerStateCompletesWithTheBareAnswer() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        connectionLostDuringTheCheck(w);
        CompletableFuture<CheckResult> f = w.checkNow();
        scheduler.runPending();
        assertThat(f.join().status()).isEqualTo(CheckStatus.OK);
        assertThat(f.join().cause()).isEmpty();
        assertThat(w.status().state()).isEqualTo(WatchState.UNAVAILABLE);
    }

    @Test
    void checkNowCompletesWithTheCause() {
        Watchdog w = watchdog(ResetPolicy.NEVER);
        CompletableFuture<CheckResult> f = w.checkNow();
        scheduler.runNext();
        assertThat(f).as("not before the cause step").isNotDone();
        scheduler.runPending();
        assertThat(f.join().cause()).contains(EXPIRED);
        WatchdogEvent.Checked checked = (WatchdogEvent.Checked) seen.get(seen.size() - 1).event();
        assertThat(checked.afterKeyArrival()).isFalse();
    }

    @Test
    void withoutACauseTheBalloonStillComesOnceWithTheAnswer() {
        cause = Optional.empty();
        Watchdog w = watchdog(ResetPolicy.NEVER);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        assertThat(seen).filteredOn(s -> s.event() instanceof WatchdogEvent.Checked).singleElement()
                .satisfies(s -> assertThat(((WatchdogEvent.Checked) s.event()).result().cause()).isEmpty());
        assertThat(w.status().state()).isEqualTo(WatchState.OK);
    }
}
