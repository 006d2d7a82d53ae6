package io.keywatch.softkey;

import io.keywatch.core.JournalEntry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal's records folded into what they mean: one {@link JournalEntry} per finished reset, and
 * the intents an interrupted reset or restore left open (what {@link Recovery} completes or rolls back).
 *
 * <p>Records, one JSON object per line, each with {@code event} and {@code id}:
 * <ul>
 * <li>{@code INTENT}: a reset is about to move the db; every field of the entry (original and quarantine
 *     path, size, times, SHA-256, reason, {@code movedAt}). Flushed to disk before anything moves.</li>
 * <li>{@code MOVED}: the db is in the quarantine; the same fields again, so an older journal (which has
 *     {@code MOVED} lines only) and a journal whose {@code INTENT} line was damaged read the same.</li>
 * <li>{@code ABORTED}: the intent was rolled back; the db never left its place. {@code note} says why.</li>
 * <li>{@code RESTORE_INTENT}: a restore of the id is about to move the db back ({@code at}).</li>
 * <li>{@code RESTORED}: the db is back ({@code restoredAt}).</li>
 * <li>{@code RESTORE_ABORTED}: the restore was rolled back; the entry stays restorable.</li>
 * </ul>
 * A record that does not fit what came before (a second {@code MOVED}, a {@code RESTORED} for an
 * unknown id) is refused with {@link IllegalArgumentException}; the reader skips it with a warning.
 */
final class JournalState {
    static final String INTENT = "INTENT";
    static final String MOVED = JournalEntry.MOVED;
    static final String ABORTED = "ABORTED";
    static final String RESTORE_INTENT = "RESTORE_INTENT";
    static final String RESTORED = JournalEntry.RESTORED;
    static final String RESTORE_ABORTED = "RESTORE_ABORTED";
    /** The outcome shown for a reset whose intent is still open (recovery could not decide yet). */
    static final String INTERRUPTED = "INTERRUPTED";

    private final Map<String, JournalEntry> entries = new LinkedHashMap<>();
    private final Map<String, JournalEntry> openResets = new LinkedHashMap<>();
    private final Map<String, Instant> openRestores = new LinkedHashMap<>();
    private final java.util.Set<String> aborted = new java.util.HashSet<>();

    /** Finished resets (restorable or restored), oldest first, then the open ones as {@code INTERRUPTED}. */
    List<JournalEntry> entries() {
        List<JournalEntry> all = new ArrayList<>(entries.values());
        openResets.values().forEach(e -> all.add(withOutcome(e, INTERRUPTED, Optional.empty())));
        return all;
    }

    /** Finished resets only (what can be restored or was restored). */
    Optional<JournalEntry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Resets whose intent has neither {@code MOVED} nor {@code ABORTED}, in journal order. */
    List<JournalEntry> openResets() {
        return List.copyOf(openResets.values());
    }

    /** Ids of restores whose intent has neither {@code RESTORED} nor {@code RESTORE_ABORTED}. */
    List<String> openRestores() {
        return List.copyOf(openRestores.keySet());
    }

    /** Whether any record names this id. */
    boolean knows(String id) {
        return entries.containsKey(id) || openResets.containsKey(id) || aborted.contains(id);
    }

    boolean hasOpenIntents() {
        return !openResets.isEmpty() || !openRestores.isEmpty();
    }

    /** Folds one record; throws {@link IllegalArgumentException} naming what is wrong with it. */
    void apply(Map<String, Object> r) {
        String event = text(r, "event");
        String id = text(r, "id");
        switch (event) {
            case INTENT -> {
                if (knows(id)) {
                    throw new IllegalArgumentException("a second reset record for id " + id);
                }
                openResets.put(id, entry(r, id));
            }
            case MOVED -> {
                if (entries.containsKey(id)) {
                    throw new IllegalArgumentException("a second MOVED record for id " + id);
                }
                JournalEntry intent = openResets.remove(id);
                entries.put(id, intent != null && !r.containsKey("originalPath") ? intent : entry(r, id));
            }
            case ABORTED -> {
                if (openResets.remove(id) == null) {
                    throw new IllegalArgumentException("ABORTED record for id " + id + " without an open INTENT");
                }
                aborted.add(id);
            }
            case RESTORE_INTENT -> {
                restorable(id, event);
                if (openRestores.containsKey(id)) {
                    throw new IllegalArgumentException("a second open RESTORE_INTENT for id " + id);
                }
                openRestores.put(id, instant(r, "at"));
            }
            case RESTORED -> {
                JournalEntry e = restorable(id, event);
                openRestores.remove(id);
                entries.put(id, withOutcome(e, RESTORED, Optional.of(instant(r, "restoredAt"))));
            }
            case RESTORE_ABORTED -> {
                if (openRestores.remove(id) == null) {
                    throw new IllegalArgumentException("RESTORE_ABORTED record for id " + id
                            + " without an open RESTORE_INTENT");
                }
            }
            default -> throw new IllegalArgumentException("unknown event " + event);
        }
    }

    private JournalEntry restorable(String id, String event) {
        JournalEntry e = entries.get(id);
        if (e == null || !e.restorable()) {
            throw new IllegalArgumentException(event + " record for " + (e == null ? "unknown" : "already restored")
                    + " id " + id);
        }
        return e;
    }

    static JournalEntry withOutcome(JournalEntry e, String outcome, Optional<Instant> restoredAt) {
        return new JournalEntry(e.id(), e.originalPath(), e.quarantinePath(), e.size(), e.created(), e.modified(),
                e.sha256(), e.reason(), e.movedAt(), outcome, restoredAt);
    }

    private static JournalEntry entry(Map<String, Object> r, String id) {
        Object size = r.get("size");
        if (!(size instanceof Number n) || n.longValue() < 0) {
            throw new IllegalArgumentException("size is missing or not a number");
        }
        return new JournalEntry(id, text(r, "originalPath"), text(r, "quarantinePath"), n.longValue(),
                optionalInstant(r, "created"), optionalInstant(r, "modified"), text(r, "sha256"),
                text(r, "reason"), instant(r, "movedAt"), JournalEntry.MOVED, Optional.empty());
    }

    /** The record of a reset, {@code INTENT} or {@code MOVED}. */
    static Map<String, Object> resetRecord(String event, JournalEntry e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("event", event);
        r.put("id", e.id());
        r.put("originalPath", e.originalPath());
        r.put("quarantinePath", e.quarantinePath());
        r.put("size", e.size());
        e.created().ifPresent(t -> r.put("created", t.toString()));
        e.modified().ifPresent(t -> r.put("modified", t.toString()));
        r.put("sha256", e.sha256());
        r.put("reason", e.reason());
        r.put("movedAt", e.movedAt().toString());
        return r;
    }

    /** A record that names an id and one more field ({@code ABORTED}, {@code RESTORE_INTENT}, ...). */
    static Map<String, Object> record(String event, String id, String key, String value) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("event", event);
        r.put("id", id);
        r.put(key, value);
        return r;
    }

    private static String text(Map<String, Object> r, String key) {
        Object v = r.get(key);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(key + " is missing or not text");
        }
        return s;
    }

    private static Instant instant(Map<String, Object> r, String key) {
        try {
            return Instant.parse(text(r, key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is not an ISO-8601 instant: " + r.get(key), e);
        }
    }

    private static Optional<Instant> optionalInstant(Map<String, Object> r, String key) {
        return r.get(key) == null ? Optional.empty() : Optional.of(instant(r, key));
    }
}
