package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A move across volumes that fails at one of its steps (the copy changes under it, the rename of the
 * finished copy, the removal of the original): the db stays at its place, no partial copy is left,
 * the refusal names the right file, and the journal closes the intent saying why.
 */
class MoveFailuresTest extends SoftkeyDbFixture {
    private static final java.time.Instant MODIFIED = java.time.Instant.parse("2023-11-15T09:30:00Z");

    /** Across volumes, with {@code fail} deciding which rename or delete fails. */
    private FileOps crossVolume(IOException renameFailure, IOException deleteFailure) {
        return new FileOps() {
            @Override
            public boolean sameStore(Path dirA, Path dirB) {
                return false;
            }

            @Override
            public void rename(Path source, Path target) throws IOException {
                if (renameFailure != null) {
                    throw renameFailure;
                }
                FileOps.super.rename(source, target);
            }

            @Override
            public void delete(Path p) throws IOException {
                if (deleteFailure != null && p.equals(db)) {
                    throw deleteFailure;
                }
                FileOps.super.delete(p);
            }
        };
    }

    private String journalText() throws IOException {
        return Files.readString(data.resolve(SoftkeyDb.QUARANTINE_FOLDER).resolve(QuarantineJournal.FILE_NAME));
    }

    private List<Path> quarantineFiles() throws IOException {
        Path quarantine = data.resolve(SoftkeyDb.QUARANTINE_FOLDER);
        try (Stream<Path> s = Files.walk(quarantine)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("journal."))
                    .toList();
        }
    }

    @Test
    void aFinishedCopyThatCannotBeRenamedIsRemovedAndTheRefusalNamesTheOriginal() throws Exception {
        byte[] content = TestFiles.writeDb(db, 3000, MODIFIED);
        SoftkeyDb s = store(crossVolume(new IOException("rename: input/output error"), null));

        assertThatThrownBy(() -> s.reset("test")).isInstanceOfSatisfying(SoftkeyException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.IO);
            assertThat(e.getMessage()).contains("rename: input/output error");
        });

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(quarantineFiles()).as("no partial copy left").isEmpty();
        assertThat(journalText()).contains("\"event\":\"ABORTED\"", "the move failed: ");
        assertThat(store().journal()).isEmpty();
    }

    @Test
    void aTargetThatAppearedMeanwhileIsTheOneTheRefusalNames() throws Exception {
        TestFiles.writeDb(db, 3000, MODIFIED);
        SoftkeyDb s = store(crossVolume(new FileAlreadyExistsException("taken"), null));

        assertThatThrownBy(() -> s.reset("test")).isInstanceOfSatisfying(SoftkeyException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS);
            assertThat(e.getMessage()).startsWith(data.resolve(SoftkeyDb.QUARANTINE_FOLDER).toAbsolutePath()
                    .normalize().toString()).endsWith(SoftkeyDb.FILE_NAME + " already exists");
        });
        assertThat(quarantineFiles()).isEmpty();
    }

    @Test
    void anOriginalThatCannotBeRemovedLeavesItAtItsPlaceAndNoCopyInTheQuarantine() throws Exception {
        byte[] content = TestFiles.writeDb(db, 3000, MODIFIED);
        SoftkeyDb s = store(crossVolume(null, new IOException("unlink: read-only file system")));

        assertThatThrownBy(() -> s.reset("test")).isInstanceOfSatisfying(SoftkeyException.class,
                e -> assertThat(e.getMessage()).contains("unlink: read-only file system"));

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(quarantineFiles()).as("the finished copy is removed again").isEmpty();
        assertThat(store().journal()).isEmpty();
    }

    @Test
    void aDbThatChangesWhileItIsCopiedIsLeftAsItIsAndTheCopyRemoved() throws Exception {
        TestFiles.writeDb(db, 3000, MODIFIED);
        AtomicBoolean changed = new AtomicBoolean();
        FileOps changing = new FileOps() {
            @Override
            public boolean sameStore(Path dirA, Path dirB) {
                return false;
            }

            @Override
            public void step(String name) {
                if (name.equals("reset.folder") && !changed.getAndSet(true)) {
                    try {
                        byte[] bytes = Files.readAllBytes(db);
                        bytes[0] ^= 1; // BJCA wrote to it: same size, other content
                        Files.write(db, bytes);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };

        assertThatThrownBy(() -> store(changing).reset("test")).isInstanceOfSatisfying(SoftkeyException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.IO);
            assertThat(e.getMessage()).startsWith(db + " changed while it was being copied to ")
                    .endsWith("; the original is left as it is");
        });
        assertThat(Files.exists(db)).isTrue();
        assertThat(quarantineFiles()).as("no partial copy left").isEmpty();
    }

    @Test
    void aRestoreWhoseMoveBackFailsStaysRestorableAndTheJournalSaysWhy() throws Exception {
        byte[] content = TestFiles.writeDb(db, 3000, MODIFIED);
        JournalEntry entry = store().reset("test");
        SoftkeyDb s = store(crossVolume(new IOException("rename: no space left on device"), null));

        assertThatThrownBy(() -> s.restore(entry.id())).isInstanceOfSatisfying(SoftkeyException.class,
                e -> assertThat(e.getMessage()).contains("no space left on device"));

        assertThat(journalText()).contains("\"event\":\"RESTORE_ABORTED\"", "the move back failed: ");
        assertThat(store().journal()).singleElement().satisfies(e -> assertThat(e.restorable()).isTrue());
        store().restore(entry.id());
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
    }

    @Test
    void aSecondRestoreOfTheSameIdSaysWhenItWasRestored() throws Exception {
        TestFiles.writeDb(db, 3000, MODIFIED);
        JournalEntry entry = store().reset("test");
        store().restore(entry.id());

        assertThatThrownBy(() -> store().restore(entry.id())).isInstanceOfSatisfying(SoftkeyException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ID);
            assertThat(e.getMessage()).isEqualTo("quarantine id " + entry.id() + " was already restored at " + NOW);
        });
    }
}
