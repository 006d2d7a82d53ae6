package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.KeyPresence;
import io.keywatch.core.ManualScheduler;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.XtxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Key sources through {@link KeyEvents} into a real {@link Watchdog} on virtual time: merge,
 * startup, a wobbling key, event storms. The fake BJCA counts {@code CheckSoftDeviceEnv} calls.
 */
class KeyDetectionFlowTest {
    static final Duration SETTLE = Duration.ofMillis(300);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeXtxClient xtx = new FakeXtxClient();
    private final Watchdog watchdog = new Watchdog(
            new BjcaEnvironment(xtx, new FakeSoftkeyStore(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
            scheduler, failed -> CompletableFuture.completedFuture(RepairChoice.CANCEL), command -> { },
            new Watchdog.Settings(ResetPolicy.NEVER, List.of(), SETTLE));
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final KeyEventsTest.RecordingSource usb = new KeyEventsTest.RecordingSource("usb", log);
    private final List<WatchdogEvent.Checked> checks = new ArrayList<>();
    private KeyEvents events;

    KeyDetectionFlowTest() {
        watchdog.addListener(e -> {
            if (e instanceof WatchdogEvent.Checked c) {
                checks.add(c);
            }
        });
    }

    private void start(KeyScanner scanner) {
        events = new KeyEvents(watchdog, List.of(usb, new BjcaKeyEvents(xtx), new StartupScan(scanner)));
        events.start();
        scheduler.runPending();
    }

    @AfterEach
    void close() {
        if (events != null) {
            events.close();
        }
    }

    private long checksRun() {
        CompletableFuture<Long> f = watchdog.checksRun();
        scheduler.runPending();
        return f.join();
    }

    private void settle() {
        scheduler.advance(SETTLE.multipliedBy(3));
    }

    @Test
    void aKeyAttachedAtStartIsCheckedAtOnce() {
        xtx.insertKey();
        start(() -> List.of("Feitian 飞天诚信 096E:0303"));
        // No virtual time passed: the leading edge acts immediately.
        assertThat(xtx.checkCalls).hasValue(1);
        assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);
        assertThat(watchdog.status().keyPresent()).isTrue();
        assertThat(checks).singleElement().satisfies(c -> assertThat(c.result().userName()).contains("张三"));
    }

    @Test
    void nothingAttachedAtStartAsksBjcaOnceAndWaits() {
        start(List::of);
        assertThat(xtx.deviceCountCalls).hasValue(1);
        assertThat(xtx.checkCalls).hasValue(0);
        assertThat(watchdog.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);
    }

    @Test
    void aKeyUnknownToTheCatalogIsFoundThroughBjcaAtStart() {
        xtx.insertKey(); // the USB scan does not know it, BJCA does
        start(List::of);
        assertThat(xtx.checkCalls).hasValue(1);
        assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);
    }

    @Test
    void bjcaDownAtStartStillChecksAndShowsWhy() {
        xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "connection refused");
        start(List::of);
        assertThat(watchdog.status().state()).isEqualTo(WatchState.UNAVAILABLE);
    }

    @Test
    void usbAndBjcaEventsOfOneInsertionMerge() {
        start(List::of);
        scheduler.advance(Duration.ofSeconds(5));
        long before = xtx.checkCalls.get();

        xtx.insertKey();
        usb.emit(KeyPresence.PRESENT);             // USB arrival: acted on at once
        scheduler.advance(Duration.ofMillis(40));
        xtx.pushUsbkeyChange();                    // BJCA's push for the same insertion
        assertThat(xtx.checkCalls.get() - before).isEqualTo(1);
        assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);
        settle();
        assertThat(xtx.checkCalls.get() - before).as("one trailing check at most").isLessThanOrEqualTo(2);
        assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);

        xtx.removeKey();
        usb.emit(KeyPresence.ABSENT);
        xtx.pushUsbkeyChange();
        settle();
        assertThat(watchdog.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);
        assertThat(watchdog.status().keyPresent()).isFalse();
        assertThat(xtx.checkCalls.get() - before).as("removal costs no check").isLessThanOrEqualTo(2);
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void aWobblingKeySettlesOnItsFinalStatePresent() {
        start(List::of);
        long before = xtx.checkCalls.get();
        wobble(50, KeyPresence.PRESENT); // 50 flips, 20 ms apart: one virtual second
        assertThat(xtx.checkCalls.get() - before).isLessThanOrEqualTo(maxChecks(Duration.ofSeconds(1)));
        assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);
        assertThat(watchdog.status().keyPresent()).isTrue();
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void aWobblingKeySettlesOnItsFinalStateAbsent() {
        start(List::of);
        wobble(51, KeyPresence.ABSENT);
        assertThat(watchdog.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);
        assertThat(watchdog.status().keyPresent()).isFalse();
        assertThat(scheduler.pendingTimers()).isZero();
    }

    private void wobble(int flips, KeyPresence last) {
        for (int i = 0; i < flips; i++) {
            boolean present = (i % 2 == 0) == (last == KeyPresence.PRESENT ? flips % 2 == 1 : flips % 2 == 0);
            if (present) {
                xtx.insertKey();
            } else {
                xtx.removeKey();
            }
            usb.emit(present ? KeyPresence.PRESENT : KeyPresence.ABSENT);
            scheduler.advance(Duration.ofMillis(20));
        }
        settle();
    }

    /** Leading check, one per settle window while the storm lasts, one trailing. */
    private static long maxChecks(Duration storm) {
        return 2 + (storm.toMillis() + SETTLE.toMillis() - 1) / SETTLE.toMillis();
    }

    @Test
    void aStormOfBjcaPushesCostsAHandfulOfChecksAndEndsOk() {
        start(List::of);
        xtx.insertKey();
        long maxTimers = storm(1000, () -> { });
        assertThat(xtx.checkCalls.get()).isBetween(1L, maxChecks(Duration.ofSeconds(1)));
        assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);
        assertThat(maxTimers).as("no timer growth during the storm").isLessThanOrEqualTo(1);
        assertThat(scheduler.pendingTimers()).as("nothing left after it").isZero();
        assertThat(checksRun()).isEqualTo(xtx.checkCalls.get());
    }

    @Test
    void aStormEndsFailedWhenTheEnvironmentIsBroken() {
        start(List::of);
        xtx.insertKey();
        xtx.envOk = false;
        storm(1000, () -> { });
        assertThat(xtx.checkCalls.get()).isBetween(1L, maxChecks(Duration.ofSeconds(1)));
        assertThat(watchdog.status().state()).isEqualTo(WatchState.FAILED);
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void aStormEndingWithTheKeyPulledEndsWaiting() {
        start(List::of);
        xtx.insertKey();
        long[] i = {0};
        storm(1000, () -> {
            if (++i[0] == 990) {
                xtx.removeKey();
            }
        });
        assertThat(xtx.checkCalls.get()).isLessThanOrEqualTo(maxChecks(Duration.ofSeconds(1)));
        assertThat(watchdog.status().state()).isEqualTo(WatchState.WAITING_FOR_KEY);
        assertThat(watchdog.status().keyPresent()).isFalse();
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void aMixedStormFromAllSourcesEndsWithTheLastWord() {
        start(List::of);
        for (int i = 0; i < 1000; i++) {
            switch (i % 3) {
                case 0 -> usb.emit(KeyPresence.PRESENT);
                case 1 -> xtx.pushUsbkeyChange();
                default -> usb.emit(KeyPresence.ABSENT);
            }
            scheduler.advance(Duration.ofMillis(1));
        }
        xtx.insertKey();
        usb.emit(KeyPresence.PRESENT);
        settle();
        assertThat(xtx.checkCalls.get()).isLessThanOrEqualTo(maxChecks(Duration.ofSeconds(1)));
        assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);
        assertThat(scheduler.pendingTimers()).isZero();
    }

    /** 1,000 pushes, one per virtual millisecond; returns the most timers pending at any point. */
    private long storm(int pushes, Runnable beforeEach) {
        long maxTimers = 0;
        for (int i = 0; i < pushes; i++) {
            beforeEach.run();
            xtx.pushUsbkeyChange();
            scheduler.advance(Duration.ofMillis(1));
            maxTimers = Math.max(maxTimers, scheduler.pendingTimers());
        }
        settle();
        return maxTimers;
    }
}
