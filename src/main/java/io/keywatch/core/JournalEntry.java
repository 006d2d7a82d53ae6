package io.keywatch.core;

import java.time.Instant;
import java.util.Optional;

/**
 * One reset in the quarantine journal: enough to explain it and to undo it byte for byte.
 *
 * @param id             quarantine id (sortable by time, unique)
 * @param originalPath   where the db was
 * @param quarantinePath where it is now
 * @param size           bytes
 * @param created        the db's creation time, where known
 * @param modified       the db's last modification time
 * @param sha256         hex digest of the content, checked again on restore
 * @param reason         why it was moved (e.g. "check failed: carried over", "prepare-image")
 * @param movedAt        when it was moved
 * @param outcome        {@code MOVED}, {@code RESTORED} or {@code FAILED: ...}
 * @param restoredAt     when it was restored
 */
public record JournalEntry(String id, String originalPath, String quarantinePath, long size,
                           Optional<Instant> created, Optional<Instant> modified, String sha256,
                           String reason, Instant movedAt, String outcome, Optional<Instant> restoredAt) {

    public static final String MOVED = "MOVED";
    public static final String RESTORED = "RESTORED";

    public boolean restorable() {
        return MOVED.equals(outcome);
    }
}
