package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reset whose journal cannot record a step, or whose quarantine folder cannot be made; and a
 * journal that cannot be read while the db is dated. Nothing may change, and the journal (or the
 * refusal) says why.
 */
class JournalFailuresTest extends SoftkeyDbFixture {

    private Path quarantine() {
        return data.resolve(SoftkeyDb.QUARANTINE_FOLDER);
    }

    private Path journalFile() {
        return quarantine().resolve(QuarantineJournal.FILE_NAME);
    }

    /** Runs {@code sabotage} when {@code step} is announced. */
    private FileOps at(String step, Runnable sabotage) {
        return new FileOps() {
            @Override
            public void step(String name) {
                if (name.equals(step)) {
                    sabotage.run();
                }
            }
        };
    }

    /** The id of the reset whose INTENT is the journal's last line. */
    private String lastIntentId() throws IOException {
        List<String> lines = Files.readAllLines(journalFile(), StandardCharsets.UTF_8);
        Map<String, Object> last = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(lines.get(lines.size() - 1));
        assertThat(last).containsEntry("event", JournalState.INTENT);
        return (String) last.get("id");
    }

    @Test
    void aJournalThatCannotRecordTheMovePutsTheDbBackAndSaysSo() throws Exception {
        byte[] content = TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        FileOps ops = at("reset.renamed", () -> {
            try {
                Files.delete(journalFile());
                Files.createDirectory(journalFile()); // the journal can no longer be written
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThatThrownBy(() -> store(ops).reset("test")).isInstanceOfSatisfying(SoftkeyException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.IO);
            assertThat(e.getMessage()).startsWith("the journal " + journalFile().toAbsolutePath() + " could not be written (")
                    .endsWith("); " + db + " was put back, nothing changed");
        });

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        try (var entries = Files.list(quarantine())) {
            assertThat(entries.filter(p -> JournalledMove.isId(p.getFileName().toString())))
                    .as("the id's folder is removed again").isEmpty();
        }
    }

    @Test
    void aQuarantineFolderThatCannotBeMadeLeavesTheDbAndClosesTheIntent() throws Exception {
        byte[] content = TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        FileOps ops = at("reset.intent", () -> {
            try {
                Files.writeString(quarantine().resolve(lastIntentId()), "in the way");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThatThrownBy(() -> store(ops).reset("test")).isInstanceOf(SoftkeyException.class);

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.readString(journalFile())).contains("\"event\":\"ABORTED\"", "could not be created");
        assertThat(store().journal()).isEmpty();
    }

    @Test
    void aPartialCopyLeftBesideAFinishedOneIsRemovedWhenTheResetIsRecovered() throws Exception {
        TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        JournalEntry moved = store().reset("test");
        TestFiles.dropLastLine(journalFile()); // MOVED cut off
        Path partial = FileTransfer.partialOf(Path.of(moved.quarantinePath()), moved.id());
        Files.writeString(partial, "half a copy");

        assertThat(store().recoverInterrupted()).isEqualTo(1);

        assertThat(partial).doesNotExist();
        assertThat(store().journal()).containsExactly(moved);
    }

    @Test
    void aJournalThatCannotBeReadDoesNotHideTheDbsCreationTime() throws Exception {
        Instant created = Instant.parse("2023-11-15T09:00:00Z");
        TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        Files.createDirectories(journalFile()); // there, but not a file that can be read
        assertThat(store(createdAt(created)).inspect().created()).contains(created);
    }

    @Test
    void aRestoreWhoseIntentCannotBeJournalledPutsTheFreshDbBack() throws Exception {
        TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        JournalEntry old = store().reset("test");
        byte[] fresh = TestFiles.writeDb(db, 1200, NOW); // BJCA's fresh db, in the way of the restore
        Path real = journalFile().resolveSibling("journal.real");
        int[] starts = {0};
        FileOps ops = new FileOps() {
            @Override
            public void step(String name) {
                try {
                    if (name.equals("restore.fresh-moved")) {
                        // The journal turns into a link: it still reads, but it can no longer be written.
                        Files.move(journalFile(), real);
                        Files.createSymbolicLink(journalFile(), real);
                    } else if (name.equals("restore.start") && ++starts[0] == 2) {
                        Files.delete(journalFile()); // healed before the fresh db is put back
                        Files.move(real, journalFile());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };

        assertThatThrownBy(() -> store(ops).restore(old.id())).isInstanceOfSatisfying(SoftkeyException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.IO);
            assertThat(e.getMessage()).contains("could not be written").endsWith("; the quarantined copy stays in "
                    + Path.of(old.quarantinePath()));
        });

        assertThat(Files.readAllBytes(db)).as("the fresh db is back at its place").isEqualTo(fresh);
        assertThat(store().journal()).filteredOn(JournalEntry::restorable).extracting(JournalEntry::id)
                .containsExactly(old.id());
    }
}
