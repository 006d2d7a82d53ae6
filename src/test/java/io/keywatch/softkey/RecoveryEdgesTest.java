package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Recovery of an interrupted restore, and of a reset whose quarantined copy has another size. */
class RecoveryEdgesTest extends SoftkeyDbFixture {

    private Path journalFile() {
        return data.resolve(SoftkeyDb.QUARANTINE_FOLDER).resolve(QuarantineJournal.FILE_NAME);
    }

    private FileOps stoppingAt(String step) {
        return new FileOps() {
            @Override
            public void step(String name) {
                if (name.equals(step)) {
                    throw new CrashRecoveryTest.Stopped(name);
                }
            }
        };
    }

    @Test
    void aRestoreStoppedAfterItsIntentIsRolledBackCountedAndStaysRestorable() throws Exception {
        byte[] content = TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        JournalEntry entry = store().reset("test");
        assertThatThrownBy(() -> store(stoppingAt("restore.intent")).restore(entry.id()))
                .isInstanceOf(CrashRecoveryTest.Stopped.class);

        assertThat(store().recoverInterrupted()).as("one restore closed").isEqualTo(1);

        assertThat(Files.readString(journalFile())).contains("\"event\":\"RESTORE_ABORTED\"",
                "interrupted before the db was back; it stays in the quarantine");
        assertThat(store().journal()).singleElement().satisfies(e -> assertThat(e.restorable()).isTrue());
        store().restore(entry.id());
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
    }

    @Test
    void aQuarantinedCopyOfAnotherSizeLeavesTheIntentOpenAndTouchesNothing() throws Exception {
        TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        JournalEntry moved = store().reset("test");
        TestFiles.dropLastLine(journalFile()); // MOVED cut off
        Path quarantined = Path.of(moved.quarantinePath());
        byte[] shorter = Arrays.copyOf(Files.readAllBytes(quarantined), 2000);
        Files.write(quarantined, shorter);

        assertThat(store().recoverInterrupted()).isZero();

        assertThat(Files.readAllBytes(quarantined)).isEqualTo(shorter);
        assertThat(Files.readString(journalFile())).doesNotContain("\"event\":\"ABORTED\"");
        assertThat(store().journal()).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(JournalState.INTERRUPTED));
    }
}
