package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.JournalEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery's cases that a kill cannot produce, and what it costs when there is nothing to recover. */
class RecoveryTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");

    @TempDir
    Path tmp;
    Path bjca;
    Path data;
    Path db;
    Path journalFile;

    @BeforeEach
    void layout() throws Exception {
        bjca = Files.createDirectories(tmp.resolve("BJCA"));
        data = tmp.resolve("data");
        db = bjca.resolve(SoftkeyDb.FILE_NAME);
        journalFile = data.resolve("quarantine").resolve(QuarantineJournal.FILE_NAME);
    }

    SoftkeyDb store() {
        return new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, Clock.systemUTC());
    }

    /** The journal as a kill right after the move would leave it: the last record (MOVED) cut off. */
    JournalEntry resetKilledBeforeMoved() throws Exception {
        JournalEntry moved = store().reset("test");
        List<String> lines = Files.readAllLines(journalFile, StandardCharsets.UTF_8);
        assertThat(lines.get(lines.size() - 1)).startsWith("{\"event\":\"MOVED\"");
        TestFiles.dropLastLine(journalFile);
        return moved;
    }

    @Test
    void withoutAJournalRecoveryCreatesNothing() {
        assertThat(store().recoverInterrupted()).isZero();
        assertThat(data).doesNotExist();
    }

    @Test
    void aJournalWithoutAnOpenIntentIsOnlyRead() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        store().restore(store().reset("test").id());
        byte[] before = Files.readAllBytes(journalFile);
        Files.delete(data.resolve("quarantine").resolve(QuarantineJournal.LOCK_FILE_NAME));

        assertThat(store().recoverInterrupted()).isZero();

        assertThat(Files.readAllBytes(journalFile)).isEqualTo(before);
        assertThat(data.resolve("quarantine").resolve(QuarantineJournal.LOCK_FILE_NAME))
                .as("the lock is not even taken").doesNotExist();
    }

    @Test
    void aDbInTheQuarantineWithoutItsMovedRecordBecomesRestorable() throws Exception {
        byte[] content = writeDb(db, 1000, IMAGE_BUILT);
        JournalEntry moved = resetKilledBeforeMoved();

        assertThat(store().recoverInterrupted()).isEqualTo(1);

        assertThat(store().journal()).containsExactly(moved);
        store().restore(moved.id());
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(store().recoverInterrupted()).as("done once, nothing left").isZero();
    }

    @Test
    void anyResetOrRestoreRecoversFirstEvenWithoutAStart() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        JournalEntry moved = resetKilledBeforeMoved();
        writeDb(db, 500, IMAGE_BUILT);

        JournalEntry second = store().reset("second");

        assertThat(store().journal()).extracting(JournalEntry::id).containsExactly(moved.id(), second.id());
    }

    @Test
    void aQuarantinedFileThatNoLongerMatchesLeavesTheIntentOpenAndTouchesNothing() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        JournalEntry moved = resetKilledBeforeMoved();
        Path quarantined = Path.of(moved.quarantinePath());
        byte[] tampered = Files.readAllBytes(quarantined);
        tampered[0] ^= 1;
        Files.write(quarantined, tampered);

        assertThat(store().recoverInterrupted()).isZero();

        assertThat(Files.readAllBytes(quarantined)).isEqualTo(tampered);
        assertThat(store().journal()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(JournalState.INTERRUPTED);
            assertThat(e.restorable()).isFalse();
        });
        writeDb(db, 300, IMAGE_BUILT);
        assertThat(store().reset("another").outcome()).as("the quarantine keeps working")
                .isEqualTo(JournalEntry.MOVED);
    }

    @Test
    void anIntentWhoseDbIsGoneEverywhereIsClosedAsAborted() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        JournalEntry moved = resetKilledBeforeMoved();
        Files.delete(Path.of(moved.quarantinePath()));

        assertThat(store().recoverInterrupted()).isEqualTo(1);

        assertThat(store().journal()).isEmpty();
        assertThat(Path.of(moved.quarantinePath()).getParent()).doesNotExist();
        assertThat(Files.readString(journalFile)).contains("\"event\":\"ABORTED\"", "no longer there");
    }

    @Test
    void aDbAnEarlierVersionLeftInTheQuarantineWithoutARecordBecomesRestorable() throws Exception {
        // An earlier KeyWatch killed between its rename and its journal line: no journal at all.
        String id = "20240301T080000.000Z-abc123";
        Path orphan = Files.createDirectories(data.resolve("quarantine").resolve(id)).resolve(SoftkeyDb.FILE_NAME);
        byte[] content = TestFiles.randomBytes(700);
        Files.write(orphan, content);

        List<JournalEntry> journal = store().journal();

        assertThat(journal).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.restorable()).isTrue();
            assertThat(e.originalPath()).isEqualTo(db.toAbsolutePath().toString());
            assertThat(e.reason()).isEqualTo(Recovery.ORPHAN_REASON);
            assertThat(e.movedAt()).isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));
            assertThat(e.sha256()).isEqualTo(TestFiles.sha256(content));
        });
        store().restore(id);
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(store().journal()).singleElement().satisfies(e -> assertThat(e.restorable()).isFalse());
    }

    @Test
    void aPartialCopyAnEarlierVersionLeftBesideTheIntactOriginalIsRemoved() throws Exception {
        byte[] content = writeDb(db, 10_000, IMAGE_BUILT);
        String id = "20240301T080000.000Z-def456";
        Path orphan = Files.createDirectories(data.resolve("quarantine").resolve(id)).resolve(SoftkeyDb.FILE_NAME);
        Files.write(orphan, java.util.Arrays.copyOf(content, 4096));
        Path other = Files.createDirectories(data.resolve("quarantine/not-an-id")).resolve(SoftkeyDb.FILE_NAME);
        Files.writeString(other, "left alone");

        assertThat(store().journal()).isEmpty();

        assertThat(orphan.getParent()).doesNotExist();
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.readString(other)).isEqualTo("left alone");
    }
}
