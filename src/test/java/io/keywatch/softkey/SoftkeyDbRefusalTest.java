package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import io.keywatch.core.Verdict;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a reset refuses, with nothing changed: links, paths outside the BJCA folder, unreadable and locked dbs. */
class SoftkeyDbRefusalTest extends SoftkeyDbFixture {

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
    void aDirectoryWhereTheDbShouldBeIsRefused() throws Exception {
        Files.createDirectories(db);

        assertThat(store().diagnose().verdict()).isEqualTo(Verdict.UNREADABLE);
        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REGULAR_FILE));
        assertThat(db).isDirectory();
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
}
