package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The small value types of the core: what each one answers, and the scheduler's real thread. */
class CoreTypesTest {
    private static final Instant T = Instant.parse("2024-03-01T08:00:00Z");

    private static JournalEntry entry(String outcome) {
        return new JournalEntry("20240301T080000.000Z-abc123", "C:/BJCA/bjca_softkey.db", "C:/q/bjca_softkey.db",
                8192, Optional.empty(), Optional.of(T), "00ff", "check failed", T, outcome, Optional.empty());
    }

    @Test
    void onlyAMovedEntryIsRestorable() {
        assertThat(entry(JournalEntry.MOVED).restorable()).isTrue();
        assertThat(entry(JournalEntry.RESTORED).restorable()).isFalse();
        assertThat(entry("FAILED: disk full").restorable()).isFalse();
        assertThat(JournalEntry.MOVED).isEqualTo("MOVED");
        assertThat(JournalEntry.RESTORED).isEqualTo("RESTORED");
    }

    @Test
    void exitCodesPerCheckStatus() {
        assertThat(CheckStatus.OK.exitCode()).isEqualTo(0);
        assertThat(CheckStatus.FAILED.exitCode()).isEqualTo(1);
        assertThat(CheckStatus.UNAVAILABLE.exitCode()).isEqualTo(3);
        assertThat(CheckStatus.TIMEOUT.exitCode()).isEqualTo(4);
    }

    @Test
    void watchStateFollowsTheCheckStatus() {
        assertThat(WatchState.of(CheckStatus.OK)).isEqualTo(WatchState.OK);
        assertThat(WatchState.of(CheckStatus.FAILED)).isEqualTo(WatchState.FAILED);
        assertThat(WatchState.of(CheckStatus.UNAVAILABLE)).isEqualTo(WatchState.UNAVAILABLE);
        assertThat(WatchState.of(CheckStatus.TIMEOUT)).isEqualTo(WatchState.TIMEOUT);
    }

    @Test
    void launchedIsStartedOnlyWithoutErrorAndWithoutABlockingCheck() {
        WatchdogStatus status = new WatchdogStatus(WatchState.OK, true, Optional.empty(), Optional.empty(), T);
        CheckResult failed = new CheckResult(CheckStatus.FAILED,
                Diagnosis.of(DbFacts.missing(Path.of("bjca_softkey.db")), Optional.empty(), Optional.empty()),
                java.util.List.of(), Optional.empty(), "http", Optional.empty(), T);
        assertThat(new WatchdogEvent.Launched(status, Optional.empty(), Optional.empty()).started()).isTrue();
        assertThat(new WatchdogEvent.Launched(status, Optional.of(WatchdogEvent.Launched.NOT_CONFIGURED),
                Optional.empty()).started()).isFalse();
        assertThat(new WatchdogEvent.Launched(status, Optional.empty(), Optional.of(failed)).started()).isFalse();
    }

    @Test
    void keyUserNeedsANameAndACertId() {
        assertThat(new KeyUser("王护士", "c/1").name()).isEqualTo("王护士");
        assertThatNullPointerException().isThrownBy(() -> new KeyUser(null, "c/1")).withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> new KeyUser("a", null)).withMessage("certId");
    }

    @Test
    void exceptionsKeepTheirReasonMessageAndCause() {
        IOException cause = new IOException("denied");
        SoftkeyException s = new SoftkeyException(SoftkeyException.Reason.LOCKED, "held", cause);
        assertThat(s.reason()).isEqualTo(SoftkeyException.Reason.LOCKED);
        assertThat(s).hasMessage("held").hasCause(cause);
        assertThat(new SoftkeyException(SoftkeyException.Reason.IO, "full").reason()).isEqualTo(SoftkeyException.Reason.IO);
        XtxException x = new XtxException(XtxException.Kind.TIMEOUT, "5 s", cause);
        assertThat(x.kind()).isEqualTo(XtxException.Kind.TIMEOUT);
        assertThat(x).hasMessage("5 s").hasCause(cause);
        assertThat(new XtxException(XtxException.Kind.PROTOCOL, "junk").kind()).isEqualTo(XtxException.Kind.PROTOCOL);
    }

    @Test
    void theDefaultConnectionSubscriptionIsANoOpThatCloses() throws Exception {
        XtxClient client = new FakeXtx();
        AutoCloseable sub = client.onConnectionChange(new ConnectionListener() {
            @Override
            public void lost(String reason) {
                throw new AssertionError("never called");
            }

            @Override
            public void connected() {
                throw new AssertionError("never called");
            }
        });
        assertThat(sub).isNotNull();
        sub.close();
    }

    @Test
    void executorSchedulerRunsTasksInOrderOnOneNamedDaemonThread() throws Exception {
        try (ExecutorScheduler s = new ExecutorScheduler("kw-test-owner")) {
            CompletableFuture<Thread> first = new CompletableFuture<>();
            CompletableFuture<String> order = new CompletableFuture<>();
            StringBuilder seen = new StringBuilder();
            s.execute(() -> {
                seen.append('a');
                first.complete(Thread.currentThread());
            });
            s.execute(() -> {
                seen.append('b');
                order.complete(seen.toString());
            });
            Thread t = first.get(10, TimeUnit.SECONDS);
            assertThat(t.getName()).isEqualTo("kw-test-owner");
            assertThat(t.isDaemon()).isTrue();
            assertThat(order.get(10, TimeUnit.SECONDS)).isEqualTo("ab");
            Instant before = Instant.now();
            Instant now = s.now();
            assertThat(now).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        }
    }

    @Test
    void aScheduledTaskRunsAfterItsDelayAndACancelledOneNever() throws Exception {
        try (ExecutorScheduler s = new ExecutorScheduler("kw-test-timer")) {
            CountDownLatch cancelledRan = new CountDownLatch(1);
            Scheduler.Cancellable c = s.schedule(cancelledRan::countDown, Duration.ofMillis(200));
            c.cancel();
            CompletableFuture<Long> ran = new CompletableFuture<>();
            long start = System.nanoTime();
            s.schedule(() -> ran.complete(System.nanoTime() - start), Duration.ofMillis(300));
            // Not a speed check: a lower bound only, the task must not run before its delay.
            assertThat(ran.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
            // The cancelled task's time (200 ms) has passed on the same thread: had it not been cancelled, it ran first.
            assertThat(cancelledRan.getCount()).isEqualTo(1);
        }
    }

    @Test
    void closeStopsTheThread() throws Exception {
        ExecutorScheduler s = new ExecutorScheduler("kw-test-close");
        CompletableFuture<Thread> t = new CompletableFuture<>();
        s.execute(() -> t.complete(Thread.currentThread()));
        Thread thread = t.get(10, TimeUnit.SECONDS);
        s.close();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(thread.isAlive()).isFalse();
    }
}
