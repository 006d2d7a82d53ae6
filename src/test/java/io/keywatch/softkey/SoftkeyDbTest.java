package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.sha256;
import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.keywatch.core.AppLauncher;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import io.keywatch.core.Verdict;
import io.keywatch.platform.FakeTimes;
import io.keywatch.platform.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftkeyDbTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");
    static final Instant NOW = Instant.parse("2024-03-01T08:00:00Z");

    @TempDir
    Path tmp;
    Path bjca;
    Path data;
    Path db;
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeEach
    void layout() throws IOException {
        bjca = Files.createDirectories(tmp.resolve("profile/AppData/LocalLow/BJCA"));
        data = tmp.resolve("keywatch");
        db = bjca.resolve(SoftkeyDb.FILE_NAME);
    }

    SoftkeyDb store() {
        return store(FileOps.SYSTEM);
    }

    SoftkeyDb store(FileOps ops) {
        return new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, clock, ops);
    }

    /** Asserts that a refused reset left the db, the quarantine and the journal as they were. */
    void assertUnchanged(byte[] content, Instant modified) throws Exception {
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(db).toInstant()).isEqualTo(modified);
        assertThat(store().journal()).isEmpty();
        Path quarantine = data.resolve(SoftkeyDb.QUARANTINE_FOLDER);
        if (Files.isDirectory(quarantine)) {
            try (Stream<Path> s = Files.list(quarantine)) {
                assertThat(s.filter(Files::isDirectory)).as("no quarantine folder left behind").isEmpty();
            }
        }
    }

    @Test
    void resetMovesTheDbIntoQuarantineWithItsFactsAndRestoreBringsItBackByteIdentical() throws Exception {
        byte[] content = writeDb(db, 48_123, IMAGE_BUILT);
        SoftkeyDb store = store();
        Optional<Instant> created = store.inspect().created(); // known where the file system keeps birth times

        JournalEntry moved = store.reset("check failed: carried over");

        assertThat(db).doesNotExist();
        Path quarantined = Path.of(moved.quarantinePath());
        assertThat(quarantined.getParent().getParent()).isEqualTo(data.resolve("quarantine").toAbsolutePath());
        assertThat(quarantined.getFileName()).hasToString(SoftkeyDb.FILE_NAME);
        assertThat(quarantined.getParent().getFileName().toString()).isEqualTo(moved.id())
                .matches("20240301T080000\\.000Z-[0-9a-f]{6}");
        assertThat(Files.readAllBytes(quarantined)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(quarantined).toInstant()).isEqualTo(IMAGE_BUILT);
        assertThat(moved.originalPath()).isEqualTo(db.toString());
        assertThat(moved.size()).isEqualTo(content.length);
        assertThat(moved.sha256()).isEqualTo(sha256(content));
        assertThat(moved.modified()).contains(IMAGE_BUILT);
        assertThat(moved.created()).isEqualTo(created);
        assertThat(moved.reason()).isEqualTo("check failed: carried over");
        assertThat(moved.movedAt()).isEqualTo(NOW);
        assertThat(moved.outcome()).isEqualTo(JournalEntry.MOVED);
        assertThat(store.journal()).containsExactly(moved);

        JournalEntry restored = store.restore(moved.id());

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(db).toInstant()).isEqualTo(IMAGE_BUILT);
        assertThat(store.inspect().created()).as("a rename keeps the birth time").isEqualTo(created);
        assertThat(quarantined.getParent()).as("empty quarantine folder removed").doesNotExist();
        assertThat(restored.outcome()).isEqualTo(JournalEntry.RESTORED);
        assertThat(restored.restoredAt()).contains(NOW);
        assertThat(store.journal()).containsExactly(restored);
        assertThat(store.journal().get(0).restorable()).isFalse();
    }

    @Test
    void acrossVolumesTheCopyIsVerifiedAndTheOriginalTimesAreKept() throws Exception {
        byte[] content = writeDb(db, 300_000, IMAGE_BUILT);
        SoftkeyDb store = store(new FileOps() {
            @Override
            public boolean sameStore(Path a, Path b) {
                return false;
            }
        });

        JournalEntry moved = store.reset("prepare-image");

        assertThat(db).doesNotExist();
        Path quarantined = Path.of(moved.quarantinePath());
        assertThat(Files.readAllBytes(quarantined)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(quarantined).toInstant()).isEqualTo(IMAGE_BUILT);

        store.restore(moved.id());

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(db).toInstant()).isEqualTo(IMAGE_BUILT);
        assertThat(quarantined).doesNotExist();
    }

    @Test
    void diskFullDuringTheCopyKeepsTheOriginalAndRemovesThePartialCopy() throws Exception {
        byte[] content = writeDb(db, 200_000, IMAGE_BUILT);
        SoftkeyDb store = store(new FileOps() {
            @Override
            public boolean sameStore(Path a, Path b) {
                return false;
            }

            @Override
            public FileChannel createNew(Path p) throws IOException {
                return new TestFiles.FullDiskChannel(FileOps.super.createNew(p), 70_000);
            }
        });

        assertThatThrownBy(() -> store.reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
                .hasMessageContaining("No space left on device");

        assertUnchanged(content, IMAGE_BUILT);
    }

    @Test
    void aSymbolicLinkIsRefusedAndNeitherItNorItsTargetIsTouched() throws Exception {
        Path elsewhere = tmp.resolve("elsewhere/bjca_softkey.db");
        byte[] content = writeDb(elsewhere, 1000, IMAGE_BUILT);
        Files.createSymbolicLink(db, elsewhere);

        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REGULAR_FILE))
                .hasMessageContaining("symbolic link");

        assertThat(Files.isSymbolicLink(db)).isTrue();
        assertThat(Files.readAllBytes(elsewhere)).isEqualTo(content);
        assertThat(store().journal()).isEmpty();
        Diagnosis d = store().diagnose();
        assertThat(d.verdict()).isEqualTo(Verdict.UNREADABLE);
        assertThat(d.problem()).hasValueSatisfying(p -> assertThat(p).contains("symbolic link"));
    }

    @Test
    void aBjcaFolderThatIsALinkIsRefused() throws Exception {
        Path realFolder = tmp.resolve("real/BJCA");
        byte[] content = writeDb(realFolder.resolve(SoftkeyDb.FILE_NAME), 1000, IMAGE_BUILT);
        Path linkedFolder = tmp.resolve("profile2/BJCA");
        Files.createDirectories(linkedFolder.getParent());
        Files.createSymbolicLink(linkedFolder, realFolder);
        SoftkeyDb store = new SoftkeyDb(linkedFolder.resolve(SoftkeyDb.FILE_NAME), linkedFolder, data,
                Optional::empty, Optional::empty, clock);

        assertThatThrownBy(() -> store.reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REGULAR_FILE))
                .hasMessageContaining(linkedFolder.toString());

        assertThat(Files.readAllBytes(realFolder.resolve(SoftkeyDb.FILE_NAME))).isEqualTo(content);
        assertThat(store.diagnose().verdict()).isEqualTo(Verdict.UNREADABLE);
    }

    @Test
    void aLinkedFolderBelowTheBjcaFolderIsRefused() throws Exception {
        Path realFolder = tmp.resolve("real/sub");
        byte[] content = writeDb(realFolder.resolve(SoftkeyDb.FILE_NAME), 1000, IMAGE_BUILT);
        Files.createSymbolicLink(bjca.resolve("sub"), realFolder);
        db = bjca.resolve("sub").resolve(SoftkeyDb.FILE_NAME);

        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REGULAR_FILE))
                .hasMessageContaining("symbolic link");

        assertThat(Files.readAllBytes(realFolder.resolve(SoftkeyDb.FILE_NAME))).isEqualTo(content);
    }

    @Test
    void aDbOutsideTheBjcaFolderIsRefused() throws Exception {
        Path outside = tmp.resolve("profile/AppData/LocalLow/BJCA2/bjca_softkey.db");
        byte[] content = writeDb(outside, 100, IMAGE_BUILT);
        db = outside;

        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.OUTSIDE_BJCA_FOLDER));

        assertThat(Files.readAllBytes(outside)).isEqualTo(content);
        assertThat(store().diagnose().verdict()).isEqualTo(Verdict.UNREADABLE);
    }

    @Test
    void dotDotCannotLeaveTheBjcaFolder() throws Exception {
        Path victim = tmp.resolve("profile/AppData/LocalLow/bjca_softkey.db");
        byte[] content = writeDb(victim, 100, IMAGE_BUILT);
        db = bjca.resolve("../bjca_softkey.db");

        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.OUTSIDE_BJCA_FOLDER));

        assertThat(Files.readAllBytes(victim)).isEqualTo(content);
    }

    @Test
    void dotDotAfterALinkIsResolvedInsideTheBjcaFolderNotThroughTheLink() throws Exception {
        // The OS would resolve BJCA/link/.. to the link target's parent, where the victim lies.
        Path victim = tmp.resolve("deep/bjca_softkey.db");
        byte[] victimContent = writeDb(victim, 100, IMAGE_BUILT);
        Files.createDirectories(tmp.resolve("deep/inner"));
        Files.createSymbolicLink(bjca.resolve("link"), tmp.resolve("deep/inner"));
        byte[] content = writeDb(db, 200, IMAGE_BUILT);
        db = bjca.resolve("link/../" + SoftkeyDb.FILE_NAME);

        JournalEntry moved = store().reset("test");

        assertThat(Files.readAllBytes(victim)).isEqualTo(victimContent);
        assertThat(bjca.resolve(SoftkeyDb.FILE_NAME)).doesNotExist();
        assertThat(Files.readAllBytes(Path.of(moved.quarantinePath()))).isEqualTo(content);
    }

    @Test
    void aMissingDbIsAFactNotAnError() throws Exception {
        SoftkeyDb store = store();

        DbFacts facts = store.inspect();
        assertThat(facts.exists()).isFalse();
        assertThat(facts.path()).isEqualTo(db);
        assertThat(store.diagnose().verdict()).isEqualTo(Verdict.MISSING);
        assertThatThrownBy(() -> store.reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void aMissingBjcaFolderMeansNotFound() throws Exception {
        Files.delete(bjca);
        assertThat(store().diagnose().verdict()).isEqualTo(Verdict.MISSING);
        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void aDirectoryWhereTheDbShouldBeIsRefused() throws Exception {
        Files.createDirectories(db);

        assertThat(store().diagnose().verdict()).isEqualTo(Verdict.UNREADABLE);
        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REGULAR_FILE));
        assertThat(db).isDirectory();
    }

    @Test
    void factsComeFromTheFile() throws Exception {
        byte[] content = writeDb(db, 777, IMAGE_BUILT);

        DbFacts facts = store().inspect();

        assertThat(facts.exists()).isTrue();
        assertThat(facts.size()).isEqualTo(content.length);
        assertThat(facts.modified()).contains(IMAGE_BUILT);
    }

    @Test
    void creationTimeEqualToModificationTimeIsUnknown() throws Exception {
        writeDb(db, 10, IMAGE_BUILT);
        SoftkeyDb store = store(createdAt(IMAGE_BUILT));

        assertThat(store.inspect().created()).isEmpty();
    }

    @Test
    void aDbCreatedBeforeTheOsWasInstalledIsCarriedOver() throws Exception {
        writeDb(db, 10, Instant.parse("2023-12-01T00:00:00Z"));
        Instant installed = Instant.parse("2024-01-20T10:00:00Z");
        SoftkeyDb store = new SoftkeyDb(db, bjca, data, () -> Optional.of(installed), Optional::empty, clock,
                createdAt(IMAGE_BUILT));

        Diagnosis d = store.diagnose();

        assertThat(d.verdict()).isEqualTo(Verdict.CARRIED_OVER);
        assertThat(d.facts().created()).contains(IMAGE_BUILT);
        assertThat(d.comparedWith()).contains(Diagnosis.Reference.OS_INSTALLED);
        assertThat(d.referenceTime()).contains(installed);
        assertThat(store.reset("carried over").created()).contains(IMAGE_BUILT);
    }

    @Test
    void aFreshDbThatInheritedTheQuarantinedDbsCreationTimeIsNotCarriedOver() throws Exception {
        // Windows tunnelling: BJCA's fresh db, created right after the reset, gets the old creation time.
        writeDb(db, 10, Instant.parse("2023-12-01T00:00:00Z"));
        Instant installed = Instant.parse("2024-01-20T10:00:00Z");
        SoftkeyDb store = new SoftkeyDb(db, bjca, data, () -> Optional.of(installed), Optional::empty, clock,
                createdAt(IMAGE_BUILT));
        JournalEntry moved = store.reset("carried over");
        writeDb(db, 20, NOW.plusSeconds(5));

        Diagnosis fresh = store.diagnose();
        assertThat(fresh.verdict()).isEqualTo(Verdict.PRESENT);
        assertThat(fresh.facts().created()).isEmpty();
        assertThat(store.inspect().created()).isEmpty();

        Files.delete(db);
        store.restore(moved.id());
        assertThat(store.diagnose().verdict()).as("the restored original is carried over again")
                .isEqualTo(Verdict.CARRIED_OVER);
    }

    @Test
    void aDbCreatedAfterTheOsWasInstalledIsPresent() throws Exception {
        writeDb(db, 10, Instant.parse("2024-02-01T00:00:00Z"));
        SoftkeyDb store = new SoftkeyDb(db, bjca, data, () -> Optional.of(Instant.parse("2024-01-20T10:00:00Z")),
                () -> { throw new IllegalStateException("registry unavailable"); }, clock,
                createdAt(Instant.parse("2024-01-25T00:00:00Z")));

        Diagnosis d = store.diagnose();

        assertThat(d.verdict()).isEqualTo(Verdict.PRESENT);
        assertThat(d.profileCreated()).as("a failing date source is unknown, not fatal").isEmpty();
    }

    @Test
    void anUnreadableDbIsDiagnosedAndNotMoved() throws Exception {
        byte[] content = writeDb(db, 100, IMAGE_BUILT);
        // Root reads anything, so the permission failure is simulated where the JDK would raise it.
        SoftkeyDb store = store(new FileOps() {
            @Override
            public FileChannel openRead(Path p) throws IOException {
                throw new AccessDeniedException(p.toString());
            }
        });

        Diagnosis d = store.diagnose();
        assertThat(d.verdict()).isEqualTo(Verdict.UNREADABLE);
        assertThat(d.problem()).hasValueSatisfying(p -> assertThat(p).contains("permission denied"));
        assertThatThrownBy(() -> store.reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
                .hasMessageContaining("permission denied");
        assertUnchanged(content, IMAGE_BUILT);
    }

    @Test
    void chmod000MakesTheDbUnreadableForAnOrdinaryUser() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads files without permissions; "
                + "anUnreadableDbIsDiagnosedAndNotMoved covers this case for root").isNotEqualTo("root");
        assumeThat(db.getFileSystem().supportedFileAttributeViews()).as("POSIX permissions").contains("posix");
        byte[] content = writeDb(db, 100, IMAGE_BUILT);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("---------"));
        try {
            assertThat(store().diagnose().verdict()).isEqualTo(Verdict.UNREADABLE);
            assertThatThrownBy(() -> store().reset("test"))
                    .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO));
        } finally {
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
        }
        assertUnchanged(content, IMAGE_BUILT);
    }

    @Test
    void aDbLockedByAnotherProgramIsRefusedAndNothingChanges() throws Exception {
        byte[] content = writeDb(db, 100, IMAGE_BUILT);
        try (FileChannel other = FileChannel.open(db, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock exclusive = other.lock()) {
            assertThat(exclusive.isShared()).isFalse();

            assertThatThrownBy(() -> store().reset("test"))
                    .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED))
                    .hasMessageContaining("locked by another program");
        }
        assertUnchanged(content, IMAGE_BUILT);
    }

    @Test
    void aWindowsSharingViolationIsLockedAndNothingChanges() throws Exception {
        byte[] content = writeDb(db, 100, IMAGE_BUILT);
        SoftkeyDb store = store(new FileOps() {
            @Override
            public void rename(Path source, Path target) throws IOException {
                throw new FileSystemException(source.toString(), target.toString(),
                        "另一个程序正在使用此文件，进程无法访问。");
            }
        });

        assertThatThrownBy(() -> store.reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED))
                .hasMessageContaining("in use by another program");

        assertUnchanged(content, IMAGE_BUILT);
    }

    @Test
    void lockViolationsAreToldApartFromOtherFailures() {
        assertThat(Refusals.isLockViolation(new FileSystemException("a", "b",
                "The process cannot access the file because it is being used by another process."))).isTrue();
        assertThat(Refusals.isLockViolation(new FileSystemException("a", null,
                "The process cannot access the file because another process has locked a portion of the file."))).isTrue();
        assertThat(Refusals.isLockViolation(new FileSystemException("a", null, "另一个程序已锁定文件的一部分，进程无法访问。")))
                .isTrue();
        assertThat(Refusals.isLockViolation(new FileSystemException("a", null, "Read-only file system"))).isFalse();
        assertThat(Refusals.isLockViolation(new AccessDeniedException("a", null, "locked"))).isFalse();
        assertThat(Refusals.isLockViolation(new IOException("being used by another process"))).isFalse();
    }

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

    @Test
    void forPlatformUsesThePlatformsFoldersAndReadsTheDatesOnceWhenFirstNeeded() throws Exception {
        AtomicInteger installDateReads = new AtomicInteger();
        Platform platform = new Platform() {
            @Override public String name() { return "test"; }
            @Override public Path defaultDataDir() { return data; }
            @Override public Optional<Path> machineConfigFile() { return Optional.empty(); }
            @Override public Path userConfigFile() { return tmp.resolve("config.json"); }
            @Override public Path defaultBjcaFolder() { return bjca; }
            @Override public Optional<Instant> profileCreated() { return Optional.empty(); }
            @Override public AppLauncher launcher() { throw new UnsupportedOperationException(); }
            @Override public io.keywatch.platform.Autostart autostart() { throw new UnsupportedOperationException(); }

            @Override
            public Optional<Instant> osInstallDate() {
                installDateReads.incrementAndGet();
                return Optional.of(NOW);
            }
        };

        SoftkeyDb store = SoftkeyDb.forPlatform(platform, clock);
        assertThat(installDateReads).hasValue(0);
        store.diagnose();
        Diagnosis d = store.diagnose();

        assertThat(installDateReads).hasValue(1);
        assertThat(d.osInstalled()).contains(NOW);
        assertThat(store.dbFile()).isEqualTo(db.toAbsolutePath());
        assertThat(store.quarantineFolder()).isEqualTo(data.resolve("quarantine").toAbsolutePath());
    }

    private static FileOps createdAt(Instant created) {
        return new FileOps() {
            @Override
            public BasicFileAttributes readAttributes(Path p) throws IOException {
                BasicFileAttributes real = FileOps.super.readAttributes(p);
                return real.isRegularFile() ? FakeTimes.createdAt(real, created) : real;
            }
        };
    }
}
