package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.keywatch.core.JournalEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The journal's records folded one by one: what each event does, and each record that is refused and why. */
class JournalStateTest {
    private static final Instant MOVED_AT = Instant.parse("2024-03-01T08:00:00Z");
    private static final Instant CREATED = Instant.parse("2023-11-15T03:00:00Z");
    private static final Instant MODIFIED = Instant.parse("2024-02-28T10:00:00Z");
    private static final Instant BACK = Instant.parse("2024-03-02T09:30:00Z");

    private static JournalEntry entry(String id, long size) {
        return new JournalEntry(id, "/p/BJCA/bjca_softkey.db", "/q/" + id + "/bjca_softkey.db", size,
                Optional.of(CREATED), Optional.of(MODIFIED), "ab12", "check failed", MOVED_AT, JournalEntry.MOVED,
                Optional.empty());
    }

    private static Map<String, Object> reset(String event, String id) {
        return JournalState.resetRecord(event, entry(id, 8192));
    }

    private static Map<String, Object> rec(String event, String id, String key, String value) {
        return JournalState.record(event, id, key, value);
    }

    @Test
    void aResetRecordCarriesEveryFieldAndTimesAsIsoText() {
        Map<String, Object> r = reset(JournalState.INTENT, "a");
        assertThat(r).containsExactly(Map.entry("event", "INTENT"), Map.entry("id", "a"),
                Map.entry("originalPath", "/p/BJCA/bjca_softkey.db"), Map.entry("quarantinePath", "/q/a/bjca_softkey.db"),
                Map.entry("size", 8192L), Map.entry("created", "2023-11-15T03:00:00Z"),
                Map.entry("modified", "2024-02-28T10:00:00Z"), Map.entry("sha256", "ab12"),
                Map.entry("reason", "check failed"), Map.entry("movedAt", "2024-03-01T08:00:00Z"));
        JournalEntry noTimes = new JournalEntry("b", "/o", "/q", 1, Optional.empty(), Optional.empty(), "00", "r",
                MOVED_AT, JournalEntry.MOVED, Optional.empty());
        assertThat(JournalState.resetRecord(JournalState.MOVED, noTimes)).doesNotContainKeys("created", "modified");
        assertThat(JournalState.record("ABORTED", "c", "note", "why"))
                .containsExactly(Map.entry("event", "ABORTED"), Map.entry("id", "c"), Map.entry("note", "why"));
    }

    @Test
    void intentThenMovedIsOneRestorableEntry() {
        JournalState s = new JournalState();
        s.apply(reset(JournalState.INTENT, "a"));
        assertThat(s.hasOpenIntents()).isTrue();
        assertThat(s.knows("a")).isTrue();
        assertThat(s.entry("a")).isEmpty();
        assertThat(s.openResets()).containsExactly(entry("a", 8192));
        assertThat(s.entries()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(JournalState.INTERRUPTED);
            assertThat(e.restorable()).isFalse();
        });
        s.apply(reset(JournalState.MOVED, "a"));
        assertThat(s.hasOpenIntents()).isFalse();
        assertThat(s.openResets()).isEmpty();
        assertThat(s.entry("a")).contains(entry("a", 8192));
        assertThat(s.entries()).containsExactly(entry("a", 8192));
    }

    @Test
    void aMovedRecordWithoutFieldsTakesThemFromItsIntentAndOneWithFieldsFromItself() {
        JournalState s = new JournalState();
        s.apply(reset(JournalState.INTENT, "a"));
        s.apply(rec(JournalState.MOVED, "a", "note", "short form"));
        assertThat(s.entry("a")).contains(entry("a", 8192));

        JournalState t = new JournalState();
        t.apply(reset(JournalState.INTENT, "b"));
        Map<String, Object> moved = JournalState.resetRecord(JournalState.MOVED, entry("b", 10));
        t.apply(moved);
        assertThat(t.entry("b")).contains(entry("b", 10));
    }

    @Test
    void aMovedRecordAloneIsTheOlderFormatAndRestorable() {
        JournalState s = new JournalState();
        s.apply(reset(JournalState.MOVED, "old"));
        assertThat(s.entry("old")).hasValueSatisfying(e -> assertThat(e.restorable()).isTrue());
        assertThat(s.knows("old")).isTrue();
        assertThat(s.knows("other")).isFalse();
        assertThat(s.hasOpenIntents()).isFalse();
    }

    @Test
    void abortedClosesTheIntentAndTheIdIsNeverReused() {
        JournalState s = new JournalState();
        s.apply(reset(JournalState.INTENT, "a"));
        s.apply(rec(JournalState.ABORTED, "a", "note", "db locked"));
        assertThat(s.hasOpenIntents()).isFalse();
        assertThat(s.entries()).isEmpty();
        assertThat(s.knows("a")).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(reset(JournalState.INTENT, "a")))
                .withMessage("a second reset record for id a");
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(rec(JournalState.ABORTED, "a", "note", "x")))
                .withMessage("ABORTED record for id a without an open INTENT");
    }

    @Test
    void restoreIntentThenRestored() {
        JournalState s = new JournalState();
        s.apply(reset(JournalState.MOVED, "a"));
        s.apply(rec(JournalState.RESTORE_INTENT, "a", "at", BACK.toString()));
        assertThat(s.openRestores()).containsExactly("a");
        assertThat(s.hasOpenIntents()).isTrue();
        assertThat(s.entry("a")).hasValueSatisfying(e -> assertThat(e.restorable()).isTrue());
        s.apply(rec(JournalState.RESTORED, "a", "restoredAt", BACK.toString()));
        assertThat(s.openRestores()).isEmpty();
        assertThat(s.hasOpenIntents()).isFalse();
        assertThat(s.entry("a")).hasValueSatisfying(e -> {
            assertThat(e.outcome()).isEqualTo(JournalEntry.RESTORED);
            assertThat(e.restoredAt()).contains(BACK);
            assertThat(e.sha256()).isEqualTo("ab12");
        });
        assertThatIllegalArgumentException()
                .isThrownBy(() -> s.apply(rec(JournalState.RESTORE_INTENT, "a", "at", BACK.toString())))
                .withMessage("RESTORE_INTENT record for already restored id a");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> s.apply(rec(JournalState.RESTORED, "a", "restoredAt", BACK.toString())))
                .withMessage("RESTORED record for already restored id a");
    }

    @Test
    void aRestoreAbortedLeavesTheEntryRestorable() {
        JournalState s = new JournalState();
        s.apply(reset(JournalState.MOVED, "a"));
        s.apply(rec(JournalState.RESTORE_INTENT, "a", "at", BACK.toString()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> s.apply(rec(JournalState.RESTORE_INTENT, "a", "at", BACK.toString())))
                .withMessage("a second open RESTORE_INTENT for id a");
        s.apply(rec(JournalState.RESTORE_ABORTED, "a", "note", "target in the way"));
        assertThat(s.openRestores()).isEmpty();
        assertThat(s.hasOpenIntents()).isFalse();
        assertThat(s.entry("a")).hasValueSatisfying(e -> assertThat(e.restorable()).isTrue());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> s.apply(rec(JournalState.RESTORE_ABORTED, "a", "note", "x")))
                .withMessage("RESTORE_ABORTED record for id a without an open RESTORE_INTENT");
    }

    @Test
    void recordsThatDoNotFitWhatCameBeforeAreRefused() {
        JournalState s = new JournalState();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> s.apply(rec(JournalState.RESTORED, "nobody", "restoredAt", BACK.toString())))
                .withMessage("RESTORED record for unknown id nobody");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> s.apply(rec(JournalState.RESTORE_INTENT, "nobody", "at", BACK.toString())))
                .withMessage("RESTORE_INTENT record for unknown id nobody");
        s.apply(reset(JournalState.MOVED, "a"));
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(reset(JournalState.MOVED, "a")))
                .withMessage("a second MOVED record for id a");
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(reset(JournalState.INTENT, "a")))
                .withMessage("a second reset record for id a");
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(rec("RENAMED", "a", "note", "x")))
                .withMessage("unknown event RENAMED");
        assertThat(s.entries()).containsExactly(entry("a", 8192));
    }

    @Test
    void badFieldsAreNamed() {
        JournalState s = new JournalState();
        Map<String, Object> noEvent = new LinkedHashMap<>(reset(JournalState.MOVED, "a"));
        noEvent.remove("event");
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(noEvent)).withMessage("event is missing or not text");
        Map<String, Object> emptyId = new LinkedHashMap<>(reset(JournalState.MOVED, "a"));
        emptyId.put("id", "");
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(emptyId)).withMessage("id is missing or not text");
        Map<String, Object> numberPath = new LinkedHashMap<>(reset(JournalState.MOVED, "a"));
        numberPath.put("originalPath", 7);
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(numberPath))
                .withMessage("originalPath is missing or not text");
        Map<String, Object> badTime = new LinkedHashMap<>(reset(JournalState.MOVED, "a"));
        badTime.put("movedAt", "yesterday");
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(badTime))
                .withMessage("movedAt is not an ISO-8601 instant: yesterday");
        Map<String, Object> badCreated = new LinkedHashMap<>(reset(JournalState.MOVED, "a"));
        badCreated.put("created", "2024-13-01");
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(badCreated))
                .withMessage("created is not an ISO-8601 instant: 2024-13-01");
        assertThat(s.entries()).isEmpty();
        assertThat(s.knows("a")).isFalse();
    }

    @Test
    void theSizeMayBeZeroButNotNegativeOrMissing() {
        JournalState s = new JournalState();
        Map<String, Object> zero = new LinkedHashMap<>(reset(JournalState.MOVED, "zero"));
        zero.put("size", 0);
        s.apply(zero);
        assertThat(s.entry("zero")).hasValueSatisfying(e -> assertThat(e.size()).isZero());
        Map<String, Object> negative = new LinkedHashMap<>(reset(JournalState.MOVED, "neg"));
        negative.put("size", -1);
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(negative))
                .withMessage("size is missing or not a number");
        Map<String, Object> text = new LinkedHashMap<>(reset(JournalState.MOVED, "txt"));
        text.put("size", "8192");
        assertThatIllegalArgumentException().isThrownBy(() -> s.apply(text))
                .withMessage("size is missing or not a number");
        Map<String, Object> noTimes = new LinkedHashMap<>(reset(JournalState.MOVED, "nt"));
        noTimes.remove("created");
        noTimes.remove("modified");
        s.apply(noTimes);
        assertThat(s.entry("nt")).hasValueSatisfying(e -> {
            assertThat(e.created()).isEmpty();
            assertThat(e.modified()).isEmpty();
            assertThat(e.movedAt()).isEqualTo(MOVED_AT);
        });
    }

    @Test
    void openResetsAreListedAfterTheFinishedOnesInJournalOrder() {
        JournalState s = new JournalState();
        s.apply(reset(JournalState.INTENT, "open1"));
        s.apply(reset(JournalState.MOVED, "done"));
        s.apply(reset(JournalState.INTENT, "open2"));
        assertThat(s.entries()).extracting(JournalEntry::id).containsExactly("done", "open1", "open2");
        assertThat(s.openResets()).extracting(JournalEntry::id).containsExactly("open1", "open2");
        assertThat(s.openRestores()).isEmpty();
        List<JournalEntry> snapshot = s.openResets();
        s.apply(rec(JournalState.ABORTED, "open1", "note", "x"));
        assertThat(snapshot).hasSize(2);
        assertThat(s.openResets()).extracting(JournalEntry::id).containsExactly("open2");
    }
}
