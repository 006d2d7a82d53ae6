package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A db an earlier version left in the quarantine without a record, at the edges of "a copy of the db at
 * its place": a whole copy (exactly as long) is removed; one byte longer, or the same length but other
 * bytes, is somebody's db and becomes restorable; no db at its place, or a folder there, never removes it.
 */
class RecoveryOrphanTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");
    static final String ID = "20240301T080000.000Z-abc123";

    @TempDir
    Path tmp;
    Path bjca;
    Path data;
    Path db;
    Path orphan;

    @BeforeEach
    void layout() throws Exception {
        bjca = Files.createDirectories(tmp.resolve("BJCA"));
        data = tmp.resolve("data");
        db = bjca.resolve(SoftkeyDb.FILE_NAME);
        orphan = Files.createDirectories(data.resolve("quarantine").resolve(ID)).resolve(SoftkeyDb.FILE_NAME);
    }

    SoftkeyDb store() {
        return new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, Clock.systemUTC());
    }

    private void assertAdopted(byte[] orphanContent) throws Exception {
        assertThat(store().journal()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(ID);
            assertThat(e.restorable()).isTrue();
            assertThat(e.size()).isEqualTo(orphanContent.length);
            assertThat(e.sha256()).isEqualTo(TestFiles.sha256(orphanContent));
            assertThat(e.reason()).isEqualTo(Recovery.ORPHAN_REASON);
        });
        assertThat(Files.readAllBytes(orphan)).isEqualTo(orphanContent);
    }

    @Test
    void aWholeCopyOfTheDbAtItsPlaceIsRemoved() throws Exception {
        byte[] content = writeDb(db, 5000, IMAGE_BUILT);
        Files.write(orphan, content);

        assertThat(store().journal()).isEmpty();

        assertThat(orphan.getParent()).doesNotExist();
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
    }

    @Test
    void oneByteLongerThanTheDbAtItsPlaceIsAnotherDbAndRestorable() throws Exception {
        byte[] content = writeDb(db, 5000, IMAGE_BUILT);
        byte[] longer = Arrays.copyOf(content, content.length + 1);
        Files.write(orphan, longer);

        assertAdopted(longer);
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
    }

    @Test
    void theSameLengthWithOtherBytesIsAnotherDbAndRestorable() throws Exception {
        byte[] content = writeDb(db, 5000, IMAGE_BUILT);
        byte[] other = content.clone();
        other[other.length - 1] ^= 1;
        Files.write(orphan, other);

        assertAdopted(other);
    }

    @Test
    void aFolderAtTheDbsPlaceNeverMakesTheOrphanACopy() throws Exception {
        Files.createDirectory(db);
        byte[] content = TestFiles.randomBytes(300);
        Files.write(orphan, content);

        assertAdopted(content);
    }

    @Test
    void anEmptyQuarantineFolderOrOneWithAFolderForADbIsLeftAlone() throws Exception {
        Path second = Files.createDirectories(data.resolve("quarantine").resolve("20240302T080000.000Z-def456"))
                .resolve(SoftkeyDb.FILE_NAME);
        Files.createDirectory(second);

        assertThat(store().journal()).isEmpty();

        assertThat(orphan.getParent()).isDirectory();
        assertThat(second).isDirectory();
    }
}
