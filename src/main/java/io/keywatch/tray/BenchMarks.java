package io.keywatch.tray;

import io.keywatch.core.CheckResult;
import io.keywatch.core.WatchState;
import java.time.Instant;

/**
 * Opt-in for src/bench ({@code -Dkeywatch.bench.marks=true}): one stdout line per icon state change,
 * {@code keywatch.bench icon STATE EPOCH_MICROS}, written on the event thread once the icon shows it,
 * and one per announced check, {@code keywatch.bench icon BALLOON:CAUSE EPOCH_MICROS}.
 */
final class BenchMarks {
    static final boolean ON = Boolean.getBoolean("keywatch.bench.marks");

    private BenchMarks() {
    }

    static void iconChanged(WatchState previous, WatchState now) {
        if (ON && previous != now) {
            System.out.println("keywatch.bench icon " + now + " " + micros());
        }
    }

    static void announced(CheckResult r) {
        if (ON) {
            System.out.println("keywatch.bench icon BALLOON:" + r.cause().map(c -> c.id()).orElse("none") + " "
                    + micros());
        }
    }

    private static long micros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
