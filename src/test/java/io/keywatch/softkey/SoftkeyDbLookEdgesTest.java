package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the db is looked at when its attributes cannot be read, and in the simulator's sandbox, which
 * plays the creation time Windows reports after an image deployment.
 */
class SoftkeyDbLookEdgesTest extends SoftkeyDbFixture {
    private static final Instant INSTALLED = Instant.parse("2024-01-20T09:00:00Z");

    private FileOps attributesFail() {
        return new FileOps() {
            @Override
            public BasicFileAttributes readAttributes(Path p) throws IOException {
                throw new IOException("attributes: input/output error");
            }
        };
    }

    @Test
    void aDbWhoseAttributesCannotBeReadIsThereButOfUnknownSize() throws IOException {
        TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        assertThat(store(attributesFail()).inspect()).isEqualTo(new DbFacts(db, true, 0, Optional.empty(),
                Optional.empty()));
    }

    @Test
    void aDbWhoseAttributesCannotBeReadIsDiagnosedUnreadableWithTheReason() throws IOException {
        TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        Diagnosis d = store(attributesFail()).diagnose();
        assertThat(d.verdict()).isEqualTo(Verdict.UNREADABLE);
        assertThat(d.problem()).hasValueSatisfying(p -> assertThat(p).contains("attributes: input/output error"));
        assertThat(d.facts().exists()).isTrue();
    }

    private SoftkeyDb sandbox() {
        return SoftkeyDb.inSandbox(db, bjca, data, () -> Optional.of(INSTALLED), p -> Optional.of(IMAGE_BUILT), clock);
    }

    @Test
    void theSandboxReportsTheCreationTimeItIsGivenSoAnImagesDbLooksCarriedOver() throws IOException {
        TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        SoftkeyDb s = sandbox();
        assertThat(s.inspect().created()).contains(IMAGE_BUILT);
        assertThat(s.inspect().size()).isEqualTo(3000);
        assertThat(s.diagnose().verdict()).isEqualTo(Verdict.CARRIED_OVER);
    }

    @Test
    void theSandboxGivesNoCreationTimeToWhatIsNotARegularFile() throws IOException {
        Files.createDirectories(db);
        SoftkeyDb s = sandbox();
        assertThat(s.inspect().created()).isNotEqualTo(Optional.of(IMAGE_BUILT));
        assertThat(s.diagnose().verdict()).isEqualTo(Verdict.UNREADABLE);
    }

    @Test
    void theSandboxKeepsTheRealCreationTimeWhenItKnowsNone() throws IOException {
        TestFiles.writeDb(db, 3000, IMAGE_BUILT);
        SoftkeyDb s = SoftkeyDb.inSandbox(db, bjca, data, Optional::empty, p -> Optional.empty(), clock);
        assertThat(s.inspect().created()).isEqualTo(store().inspect().created());
        assertThat(s.inspect().modified()).contains(IMAGE_BUILT);
    }

    @Test
    void filesOnTwoFileStoresCannotBeRenamedIntoEachOtherAndAMissingFolderIsNoStore() throws IOException {
        Path here = Files.createDirectories(tmp.resolve("a"));
        Path there = Files.createDirectories(tmp.resolve("b"));
        assertThat(FileOps.SYSTEM.sameStore(here, there)).isTrue();
        assertThat(FileOps.SYSTEM.sameStore(here, tmp.resolve("missing"))).isFalse();
        Path proc = Path.of("/proc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(proc), "a second file store (Linux /proc)");
        assertThat(FileOps.SYSTEM.sameStore(here, proc)).isFalse();
    }

    @Test
    void aDbOutsideTheBjcaFolderIsNamedAsAResetWouldRefuseIt() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere")).resolve(SoftkeyDb.FILE_NAME);
        TestFiles.writeDb(elsewhere, 3000, IMAGE_BUILT);
        SoftkeyDb s = new SoftkeyDb(elsewhere, bjca, data, Optional::empty, Optional::empty, clock, FileOps.SYSTEM);
        assertThat(s.resetRefusal()).contains(elsewhere + " is not inside the BJCA folder " + bjca);
    }

    /** Windows' attributes for a plain file: DOS attributes without the reparse-point bit. */
    private static java.nio.file.attribute.DosFileAttributes plainDosFile() {
        return new java.nio.file.attribute.DosFileAttributes() {
            public java.nio.file.attribute.FileTime lastModifiedTime() { return java.nio.file.attribute.FileTime.fromMillis(0); }
            public java.nio.file.attribute.FileTime lastAccessTime() { return java.nio.file.attribute.FileTime.fromMillis(0); }
            public java.nio.file.attribute.FileTime creationTime() { return java.nio.file.attribute.FileTime.fromMillis(0); }
            public boolean isRegularFile() { return true; }
            public boolean isDirectory() { return false; }
            public boolean isSymbolicLink() { return false; }
            public boolean isOther() { return false; }
            public long size() { return 0; }
            public Object fileKey() { return null; }
            public boolean isReadOnly() { return false; }
            public boolean isHidden() { return false; }
            public boolean isArchive() { return true; }
            public boolean isSystem() { return false; }
        };
    }

    @Test
    void aPlainFileWithDosAttributesIsNoReparsePointAndNeitherIsAMissingOne() throws IOException {
        TestFiles.writeDb(db, 100, IMAGE_BUILT);
        assertThat(FileFacts.isReparsePoint(db, plainDosFile())).isFalse();
        assertThat(FileFacts.isReparsePoint(bjca.resolve("gone.db"), plainDosFile())).as("unreadable: not one")
                .isFalse();
    }
}
