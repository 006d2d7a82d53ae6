package io.keywatch.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** KeyWatch's folders are 0700 on POSIX from the moment they exist; folders someone chose are left alone. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX modes; on Windows the folders inherit the profile's ACL")
class PrivateFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void createAndCreateNewReturnTheFolderTheyMadeOwnerOnly() throws Exception {
        Path data = tmp.resolve("a/b/data");
        assertThat(PrivateFolders.create(data)).isEqualTo(data).isDirectory();
        assertThat(PrivateFolders.create(data)).isEqualTo(data);
        Path entry = data.resolve("20240301T080000.000Z-abc123");
        assertThat(PrivateFolders.createNew(entry)).isEqualTo(entry).isDirectory();
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(entry)).isEqualTo("rwx------");
        assertThatThrownBy(() -> PrivateFolders.createNew(entry)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void anExistingWideFolderIsNarrowedAndAFileInTheWayIsAnError() throws Exception {
        Path wide = Files.createDirectories(tmp.resolve("wide"));
        Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrivateFolders.create(wide);
        assertThat(mode(wide)).isEqualTo("rwx------");

        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> PrivateFolders.create(file)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void tightenSaysTrueOnlyWhenItNarrowedAFolder() throws Exception {
        assertThat(PrivateFolders.tighten(tmp.resolve("absent"))).isFalse();
        assertThat(tmp.resolve("absent")).doesNotExist();
        Path wide = Files.createDirectory(tmp.resolve("wide"));
        Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(PrivateFolders.tighten(wide)).isTrue();
        assertThat(mode(wide)).isEqualTo("rwx------");
        assertThat(PrivateFolders.tighten(wide)).as("already private: nothing to do").isFalse();
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PrivateFolders.tighten(file)).isFalse();
        assertThat(mode(file)).isEqualTo("rw-r--r--");
    }

    @Test
    void aTreeMakesTheRootAndEveryFolderDownToTheLeafPrivate() throws Exception {
        Path root = tmp.resolve("home/.local/share/keywatch");
        Path leaf = root.resolve("logs/2026");
        assertThat(PrivateFolders.createTree(root, leaf)).isEqualTo(leaf).isDirectory();
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("logs"))).isEqualTo("rwx------");
        assertThat(mode(leaf)).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("home/.local/share"))).as("the root's own parents are not KeyWatch's")
                .isNotEqualTo("rwx------");

        Files.setPosixFilePermissions(root.resolve("logs"), PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFolders.createTree(root, root.resolve("logs"));
        assertThat(mode(root.resolve("logs"))).as("narrowed when found wide").isEqualTo("rwx------");
        assertThat(PrivateFolders.createTree(root, root)).isEqualTo(root);
    }

    @Test
    void aTreeOutsideItsRootIsRefusedNamingBoth() {
        Path root = tmp.resolve("keywatch");
        assertThatThrownBy(() -> PrivateFolders.createTree(root, tmp.resolve("elsewhere/logs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("elsewhere")
                .hasMessageContaining("is not inside " + root);
        assertThatThrownBy(() -> PrivateFolders.createTree(root, root.resolve("../keywatch2")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(root).doesNotExist();
    }

    @Test
    void aChosenFolderGetsItsMissingPartsPrivateAndItsExistingOnesUntouched() throws Exception {
        Path desktop = Files.createDirectory(tmp.resolve("Desktop"));
        Files.setPosixFilePermissions(desktop, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = desktop.resolve("for-it/today");
        assertThat(PrivateFolders.createMissing(out)).isEqualTo(out).isDirectory();
        assertThat(mode(desktop)).as("someone's own folder stays as it was").isEqualTo("rwxr-xr-x");
        assertThat(mode(desktop.resolve("for-it"))).isEqualTo("rwx------");
        assertThat(mode(out)).isEqualTo("rwx------");
        assertThat(PrivateFolders.createMissing(desktop)).isEqualTo(desktop);
        assertThat(mode(desktop)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aChosenFolderWithAFileInTheWayIsAnError() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> PrivateFolders.createMissing(file.resolve("sub")))
                .isInstanceOf(IOException.class);
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
