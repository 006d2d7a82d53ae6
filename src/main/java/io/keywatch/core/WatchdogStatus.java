package io.keywatch.core;

import java.time.Instant;
import java.util.Optional;

/** Immutable snapshot of the watchdog, safe to hand to any thread. */
public record WatchdogStatus(WatchState state, boolean keyPresent, Optional<CheckResult> lastCheck,
                             Optional<JournalEntry> lastReset, Instant since) {
}
