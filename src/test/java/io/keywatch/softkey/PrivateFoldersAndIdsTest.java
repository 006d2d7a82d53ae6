package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link PrivateFolders} returns and changes, and the exact shape of a quarantine id. */
class PrivateFoldersAndIdsTest {
    @TempDir
    Path tmp;

    @Test
    void createAndCreateNewReturnTheFolderTheyMade() throws Exception {
        Path data = tmp.resolve("a/b/data");
        assertThat(PrivateFolders.create(data)).isEqualTo(data).isDirectory();
        assertThat(PrivateFolders.create(data)).isEqualTo(data);
        Path entry = data.resolve("20240301T080000.000Z-abc123");
        assertThat(PrivateFolders.createNew(entry)).isEqualTo(entry).isDirectory();
        if (PrivateFolders.isPosix(tmp)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry))).isEqualTo("rwx------");
        }
    }

    @Test
    void tightenSaysTrueOnlyWhenItNarrowedAFolder() throws Exception {
        assumeThat(PrivateFolders.isPosix(tmp)).isTrue();
        assertThat(PrivateFolders.tighten(tmp.resolve("absent"))).isFalse();
        Path wide = Files.createDirectory(tmp.resolve("wide"));
        Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(PrivateFolders.tighten(wide)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wide))).isEqualTo("rwx------");
        assertThat(PrivateFolders.tighten(wide)).isFalse();
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PrivateFolders.tighten(file)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void aQuarantineIdIsUtcToTheMillisecondAndSixLowerCaseHexDigits() {
        assertThat(JournalledMove.isId("20240301T080000.000Z-abc123")).isTrue();
        assertThat(JournalledMove.isId("20240301T080000.000Z-ABC123")).isFalse();
        assertThat(JournalledMove.isId("20240301T080000.000Z-abc12")).isFalse();
        assertThat(JournalledMove.isId("20240301T080000.000Z-abc1234")).isFalse();
        assertThat(JournalledMove.isId("20240301T080000Z-abc123")).isFalse();
        assertThat(JournalledMove.isId("not-an-id")).isFalse();
        assertThat(JournalledMove.timeOf("20240301T080000.123Z-abc123")).isEqualTo(Instant.parse("2024-03-01T08:00:00.123Z"));
    }
}
