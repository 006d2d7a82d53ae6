package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.KeyPresence;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same storm on real threads and the real scheduler: no sleeps, only futures and latches. */
class KeyStormRealThreadsTest {
    static final Duration SETTLE = Duration.ofMillis(100);
    static final int THREADS = 4;
    static final int EVENTS_PER_THREAD = 250;

    @Test
    @Timeout(60)
    void aStormFromFourThreadsCostsAHandfulOfChecksAndNoThreads() throws Exception {
        FakeXtxClient xtx = new FakeXtxClient();
        try (ExecutorScheduler scheduler = new ExecutorScheduler("keywatch-watchdog-test")) {
            Watchdog watchdog = new Watchdog(new BjcaEnvironment(xtx, new FakeSoftkeyStore(), Clock.systemUTC()),
                    scheduler, failed -> CompletableFuture.completedFuture(RepairChoice.CANCEL), command -> { },
                    new Watchdog.Settings(ResetPolicy.NEVER, List.of(), SETTLE));
            List<String> log = new ArrayList<>();
            KeyEventsTest.RecordingSource usb = new KeyEventsTest.RecordingSource("usb", log);
            try (KeyEvents events = new KeyEvents(watchdog, List.of(usb, new BjcaKeyEvents(xtx)))) {
                events.start();
                watchdog.checksRun().get(5, TimeUnit.SECONDS); // the watchdog thread exists now
                int baseline = Thread.activeCount();
                xtx.insertKey();

                CountDownLatch go = new CountDownLatch(1);
                List<Thread> stormers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int id = t;
                    Thread th = new Thread(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < EVENTS_PER_THREAD; i++) {
                            if (id % 2 == 0) {
                                xtx.pushUsbkeyChange();   // the BJCA adapter's thread
                            } else {
                                usb.emit(i % 2 == 0 ? KeyPresence.PRESENT : KeyPresence.ABSENT);
                            }
                        }
                    }, "stormer-" + t);
                    stormers.add(th);
                    th.start();
                }
                long t0 = System.nanoTime();
                go.countDown();
                for (Thread th : stormers) {
                    th.join(TimeUnit.SECONDS.toMillis(20));
                    assertThat(th.isAlive()).isFalse();
                }
                // The last word: the key is in.
                usb.emit(KeyPresence.PRESENT);
                long stormMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

                // Queued behind every event, then 3 settle times: by then the last window (opened at
                // most one settle time after the last event) has closed, and this runs after it.
                CompletableFuture<Void> settled = new CompletableFuture<>();
                scheduler.execute(() -> scheduler.schedule(() -> settled.complete(null), SETTLE.multipliedBy(3)));
                settled.get(20, TimeUnit.SECONDS);

                long checks = watchdog.checksRun().get(5, TimeUnit.SECONDS);
                long allowed = 2 + (stormMillis + SETTLE.toMillis() - 1) / SETTLE.toMillis();
                assertThat(checks).as("checks after %d events in %d ms", THREADS * EVENTS_PER_THREAD + 1, stormMillis)
                        .isBetween(1L, allowed);
                assertThat(xtx.checkCalls.get()).isEqualTo(checks);
                assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);
                assertThat(watchdog.status().keyPresent()).isTrue();
                assertThat(Thread.activeCount()).as("thread count back to baseline").isLessThanOrEqualTo(baseline);
            }
        }
    }
}
