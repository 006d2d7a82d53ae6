package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a check records beside BJCA's yes or no (users, version, whether a key is present), the
 * cause's defaults, the retry schedule's reasons, and the platforms without session events.
 */
class CheckFactsEdgesTest {
    private final FakeXtx xtx = new FakeXtx();
    private final FakeStore store = new FakeStore(xtx);
    private final BjcaEnvironment env = new BjcaEnvironment(xtx, store, Clock.systemUTC());

    @Test
    void theVersionIsKeptAndABlankOneIsNone() {
        xtx.version = "3.7.418.0";
        assertThat(env.answer().version()).contains("3.7.418.0");
        xtx.version = "  ";
        assertThat(env.answer().version()).isEmpty();
    }

    @Test
    void aUserListThatFailsLeavesTheAnswerWithNoUsers() {
        xtx.envOk = true;
        xtx.userListFailure = new XtxException(XtxException.Kind.TIMEOUT, "SOF_GetUserList: no answer");
        CheckResult r = env.answer();
        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(r.users()).isEmpty();
        assertThat(r.version()).contains("3.4.1");
    }

    @Test
    void aCauseFinderThatThrowsLeavesTheAnswerAsItWas() {
        BjcaEnvironment failing = env.withCauses(result -> {
            throw new IllegalStateException("certificate calls broke");
        });
        CheckResult answer = failing.answer();
        assertThat(failing.explain(answer)).isSameAs(answer);
    }

    @Test
    void aCauseWithoutTextsHasEmptyOnesAndSilencingKeepsAllButTheAnnouncement() {
        Cause bare = new Cause("cert.validity", Cause.Level.FAIL, null, null, true);
        assertThat(bare.summary()).isEmpty();
        assertThat(bare.action()).isEmpty();
        Cause told = new Cause("cert.expiry", Cause.Level.WARN, "expires in 5 days", "renew it", true);
        assertThat(told.summary()).isEqualTo("expires in 5 days");
        assertThat(told.action()).isEqualTo("renew it");
        assertThat(told.silenced()).isEqualTo(new Cause("cert.expiry", Cause.Level.WARN, "expires in 5 days",
                "renew it", false));
    }

    // --- whether a key is present, as a check without a key event sees it --------------------

    private Watchdog watchdog(ManualScheduler scheduler) {
        return new Watchdog(env, scheduler, failed -> new CompletableFuture<>(), cmd -> { },
                new Watchdog.Settings(ResetPolicy.NEVER, List.of(), Duration.ofMillis(300)));
    }

    @Test
    void aCheckWithoutAKeyEventSeesAKeyWhenBjcaListsAUser() {
        ManualScheduler scheduler = new ManualScheduler();
        Watchdog w = watchdog(scheduler);
        w.checkNow();
        scheduler.runPending();
        assertThat(w.status().keyPresent()).isTrue();
    }

    @Test
    void aCheckWithoutAKeyEventOrAUserSeesNoKey() {
        xtx.devices = 0;
        ManualScheduler scheduler = new ManualScheduler();
        Watchdog w = watchdog(scheduler);
        w.checkNow();
        scheduler.runPending();
        assertThat(w.status().keyPresent()).isFalse();
    }

    @Test
    void aKeySeenBeforeStaysPresentThroughACheckThatListsNobody() {
        ManualScheduler scheduler = new ManualScheduler();
        Watchdog w = watchdog(scheduler);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        xtx.devices = 0;
        w.checkNow();
        scheduler.runPending();
        assertThat(w.status().keyPresent()).isTrue();
    }

    @Test
    void aKeyEventAloneIsEnoughEvenWhenBjcaListsNobody() {
        xtx.devices = 0;
        ManualScheduler scheduler = new ManualScheduler();
        Watchdog w = watchdog(scheduler);
        w.keyChanged(KeyPresence.PRESENT, "usb");
        scheduler.runPending();
        assertThat(w.status().keyPresent()).isTrue();
    }

    // --- retries while BJCA cannot be asked ---------------------------------------------------

    @Test
    void retriesWhileUnreachableDoubleFromTwoSecondsAndSayWhen() {
        ManualScheduler scheduler = new ManualScheduler();
        List<String> reasons = new ArrayList<>();
        Rechecks rechecks = new Rechecks(scheduler, Duration.ofMillis(300), reasons::add);
        assertThat(rechecks.retryScheduled()).isFalse();

        rechecks.stateSet(WatchState.UNAVAILABLE);
        assertThat(rechecks.retryScheduled()).isTrue();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(reasons).containsExactly("retry after 2.0 s");
        assertThat(rechecks.retryScheduled()).isFalse();

        rechecks.stateSet(WatchState.TIMEOUT);
        scheduler.advance(Duration.ofMillis(3999));
        assertThat(reasons).hasSize(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(reasons).containsExactly("retry after 2.0 s", "retry after 4.0 s");

        rechecks.stateSet(WatchState.UNAVAILABLE);
        rechecks.stateSet(WatchState.OK);
        assertThat(rechecks.retryScheduled()).as("an answer cancels the retry").isFalse();
        rechecks.stateSet(WatchState.UNAVAILABLE);
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(reasons).as("and starts the backoff again").endsWith("retry after 2.0 s");
    }

    // --- platforms without session events -------------------------------------------------------

    @Test
    void withoutSessionEventsTheAdapterSaysSoAndStartsNothing() {
        try (SessionEvents none = SessionEvents.none()) {
            assertThat(none.name()).isEqualTo("none");
            assertThat(none.status()).isEqualTo(new SessionEvents.Status(SessionEvents.State.NOT_ON_THIS_PLATFORM,
                    Optional.empty()));
            assertThat(none.start(change -> { })).isFalse();
        }
    }

    @Test
    void anAdaptersStatusCarriesItsProblemWhenItHasOne() {
        assertThat(SessionEvents.Status.of(SessionEvents.State.NOT_ON_THIS_PLATFORM, "no WTS session API").problem())
                .contains("no WTS session API");
        assertThat(SessionEvents.Status.of(SessionEvents.State.NOT_ON_THIS_PLATFORM, null).problem()).isEmpty();
    }

    @Test
    void aClientWithoutConnectionEventsGivesASubscriptionThatClosesQuietly() throws Exception {
        XtxClient plain = new XtxClient() {
            @Override public String bridge() { return "http"; }
            @Override public boolean checkSoftDeviceEnv() { return true; }
            @Override public String version() { return ""; }
            @Override public List<KeyUser> userList() { return List.of(); }
            @Override public int deviceCount() { return 0; }
            @Override public List<String> deviceSerials() { return List.of(); }
            @Override public String deviceInfo(String serial, int type) { return ""; }
            @Override public String exportUserCert(String certId) { return ""; }
            @Override public String certInfo(String cert, int type) { return ""; }
            @Override public int validateCert(String cert) { return 0; }
            @Override public int pinRetryCount(String certId) { return 0; }
            @Override public AutoCloseable onUsbkeyChange(Runnable listener) { return () -> { }; }
            @Override public void close() { }
        };
        AutoCloseable subscription = plain.onConnectionChange(new ConnectionListener() {
            @Override public void connected() { }
            @Override public void lost(String reason) { }
        });
        assertThat(subscription).isNotNull();
        subscription.close();
    }
}
