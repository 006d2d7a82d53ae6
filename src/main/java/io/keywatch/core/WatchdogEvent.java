package io.keywatch.core;

import java.util.Optional;

/**
 * What the watchdog tells its listeners: every state change, and the outcome of each action.
 * Listeners run on the watchdog thread and must hand work to their own thread.
 */
public sealed interface WatchdogEvent {

    WatchdogStatus status();

    /**
     * State changed (waiting, checking, repairing...); also a check's answer, published before its
     * cause is looked for (then {@code status().lastCheck()} has no cause yet: {@link Checked} follows).
     */
    record StateChanged(WatchdogStatus status) implements WatchdogEvent { }

    /**
     * A check finished, with the cause the doctor's key checks found, if any; {@code afterKeyArrival} is
     * true when a key insertion triggered it (balloon-worthy). Not published for an answer a newer state
     * replaced before its cause was looked for.
     */
    record Checked(WatchdogStatus status, CheckResult result, boolean afterKeyArrival) implements WatchdogEvent { }

    /** A reset moved the db and re-checked. */
    record Repaired(WatchdogStatus status, ResetReport report) implements WatchdogEvent { }

    /** A quarantined db was put back (the tray's undo); fleet reporting and the event log record it. */
    record Restored(WatchdogStatus status, JournalEntry entry) implements WatchdogEvent { }

    /** A reset or restore was refused or failed; nothing changed. */
    record RepairFailed(WatchdogStatus status, SoftkeyException.Reason reason, String message) implements WatchdogEvent { }

    /** The nursing app was started, or could not be (empty error = started; blockedBy = the check that stopped it). */
    record Launched(WatchdogStatus status, Optional<String> error, Optional<CheckResult> blockedBy) implements WatchdogEvent {
        /** The error when {@code nursingApp.command} is empty; listeners word it from their bundles. */
        public static final String NOT_CONFIGURED = "nursingApp.command is not set";

        public boolean started() {
            return error.isEmpty() && blockedBy.isEmpty();
        }
    }
}
