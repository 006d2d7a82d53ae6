package io.keywatch.core;

/** A reset (the db moved to quarantine) and the check that followed it. */
public record ResetReport(JournalEntry entry, CheckResult recheck) {
}
