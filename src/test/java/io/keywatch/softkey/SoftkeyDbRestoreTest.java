package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.sha256;
import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Restore's refusals and its fresh db in the way; a journal that cannot be written. */
class SoftkeyDbRestoreTest extends SoftkeyDbFixture {

    @Test
    void aChangedQuarantinedCopyIsNotRestored() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        SoftkeyDb store = store();
        JournalEntry moved = store.reset("test");
        Path quarantined = Path.of(moved.quarantinePath());
        byte[] tampered = Files.readAllBytes(quarantined);
        tampered[500] ^= 1;
        Files.write(quarantined, tampered);

        assertThatThrownBy(() -> store.restore(moved.id()))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_QUARANTINE))
                .hasMessageContaining(moved.sha256());

        assertThat(db).doesNotExist();
        assertThat(Files.readAllBytes(quarantined)).isEqualTo(tampered);
        assertThat(store.journal()).containsExactly(moved);
    }

    @Test
    void aMissingQuarantinedCopyIsNotRestored() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        SoftkeyDb store = store();
        JournalEntry moved = store.reset("test");
        Files.delete(Path.of(moved.quarantinePath()));

        assertThatThrownBy(() -> store.restore(moved.id()))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_QUARANTINE))
                .hasMessageContaining("missing");
    }

    @Test
    void restoreQuarantinesTheFreshDbBjcaCreatedMeanwhile() throws Exception {
        byte[] original = writeDb(db, 1000, IMAGE_BUILT);
        SoftkeyDb store = store();
        JournalEntry moved = store.reset("check failed");
        byte[] fresh = writeDb(db, 500, NOW);

        store.restore(moved.id());

        assertThat(Files.readAllBytes(db)).isEqualTo(original);
        List<JournalEntry> journal = store.journal();
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0).outcome()).isEqualTo(JournalEntry.RESTORED);
        JournalEntry freshEntry = journal.get(1);
        assertThat(freshEntry.outcome()).isEqualTo(JournalEntry.MOVED);
        assertThat(freshEntry.reason()).isEqualTo("replaced by restore of " + moved.id());
        assertThat(Files.readAllBytes(Path.of(freshEntry.quarantinePath()))).isEqualTo(fresh);
    }

    @Test
    void aFailedRestorePutsTheFreshDbBackWhereItWas() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        JournalEntry moved = store().reset("check failed");
        byte[] fresh = writeDb(db, 500, NOW);
        Path quarantined = Path.of(moved.quarantinePath());
        SoftkeyDb store = store(new FileOps() {
            @Override
            public void rename(Path source, Path target) throws IOException {
                if (source.equals(quarantined)) {
                    throw new IOException("Input/output error");
                }
                FileOps.super.rename(source, target);
            }
        });

        assertThatThrownBy(() -> store.restore(moved.id()))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO));

        assertThat(Files.readAllBytes(db)).isEqualTo(fresh);
        assertThat(Files.readAllBytes(quarantined)).as("still restorable later").isNotEmpty();
        List<JournalEntry> journal = store.journal();
        assertThat(journal).extracting(JournalEntry::outcome).containsExactly(JournalEntry.MOVED, JournalEntry.RESTORED);
        assertThat(journal.get(0)).isEqualTo(moved);
    }

    @Test
    void aDbAppearingAtTheLastMomentIsNotOverwritten() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        JournalEntry moved = store().reset("check failed");
        SoftkeyDb store = store(new FileOps() {
            @Override
            public void rename(Path source, Path target) throws IOException {
                Files.writeString(target, "BJCA was quicker"); // after restore looked, before it moved
                FileOps.super.rename(source, target);
            }
        });

        assertThatThrownBy(() -> store.restore(moved.id()))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS))
                .hasMessageContaining(db.toString());

        assertThat(Files.readString(db)).isEqualTo("BJCA was quicker");
        assertThat(store.journal()).containsExactly(moved);
    }

    @Test
    void restoreRefusesALinkAtTheOriginalPlace() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        SoftkeyDb store = store();
        JournalEntry moved = store.reset("test");
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere.db"), "x");
        Files.createSymbolicLink(db, elsewhere);

        assertThatThrownBy(() -> store.restore(moved.id()))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REGULAR_FILE));

        assertThat(Files.readString(elsewhere)).isEqualTo("x");
        assertThat(store.journal()).containsExactly(moved);
    }

    @Test
    void unknownAndAlreadyRestoredIdsAreRefused() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        SoftkeyDb store = store();
        JournalEntry moved = store.reset("test");
        store.restore(moved.id());

        assertThatThrownBy(() -> store.restore(moved.id()))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ID))
                .hasMessageContaining("already restored");
        assertThatThrownBy(() -> store.restore("20240101T000000.000Z-abcdef"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ID));
    }

    @Test
    void aJournalThatCannotBeWrittenUndoesTheMove() throws Exception {
        byte[] content = writeDb(db, 1000, IMAGE_BUILT);
        // A directory where the journal file should be: every append fails.
        Files.createDirectories(data.resolve("quarantine").resolve(QuarantineJournal.FILE_NAME));

        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
                .hasMessageContaining("nothing changed");

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(db).toInstant()).isEqualTo(IMAGE_BUILT);
        try (Stream<Path> s = Files.list(data.resolve("quarantine"))) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(QuarantineJournal.FILE_NAME, QuarantineJournal.LOCK_FILE_NAME);
        }
    }

    @Test
    void aJournalEntryPointingOutsideTheQuarantineIsNotFollowed() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        SoftkeyDb store = store();
        JournalEntry moved = store.reset("test");
        Path journalFile = data.resolve("quarantine").resolve(QuarantineJournal.FILE_NAME);
        Path decoy = Files.writeString(tmp.resolve("decoy.db"), "decoy");
        Files.writeString(journalFile, Files.readString(journalFile)
                .replace(moved.quarantinePath().replace("\\", "\\\\"), decoy.toString().replace("\\", "\\\\")));

        assertThatThrownBy(() -> store.restore(moved.id()))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_QUARANTINE))
                .hasMessageContaining("outside the quarantine");
        assertThat(db).doesNotExist();
        assertThat(decoy).exists();
    }
}
