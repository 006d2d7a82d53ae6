package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The nursing app's working folder: the program's own by default (as a shortcut's "Start in"). */
class ProcessLauncherTest {
    @TempDir
    Path dir;

    @Test
    void windowsProgramPathsGiveTheirFolder() {
        assertThat(ProcessLauncher.programFolder("C:\\HIS\\Nursing\\nursing.exe")).contains("C:\\HIS\\Nursing");
        assertThat(ProcessLauncher.programFolder("D:/HIS/nursing.exe")).contains("D:/HIS");
        assertThat(ProcessLauncher.programFolder("C:\\nursing.exe")).as("the root keeps its backslash").contains("C:\\");
        assertThat(ProcessLauncher.programFolder("C:\\Program Files (x86)\\东华\\护理.exe"))
                .contains("C:\\Program Files (x86)\\东华");
        assertThat(ProcessLauncher.programFolder("\\\\his-server\\apps\\nursing.exe")).contains("\\\\his-server\\apps");
    }

    @Test
    void namesAndRelativePathsHaveNoFolderOfTheirOwn() {
        assertThat(ProcessLauncher.programFolder("nursing.exe")).as("found on PATH").isEmpty();
        assertThat(ProcessLauncher.programFolder("HIS\\nursing.exe")).isEmpty();
        assertThat(ProcessLauncher.programFolder("C:nursing.exe")).as("drive-relative").isEmpty();
        assertThat(ProcessLauncher.programFolder("\\\\his-server\\nursing.exe")).as("no share").isEmpty();
    }

    @Test
    void posixProgramPathsGiveTheirFolder() {
        assertThat(ProcessLauncher.programFolder("/opt/his/bin/his")).contains("/opt/his/bin");
        assertThat(ProcessLauncher.programFolder("/his")).contains("/");
    }

    @Test
    void theConfiguredFolderWinsAndAMissingProgramFolderIsNotUsed() {
        assertThat(ProcessLauncher.workingDirectory("C:\\HIS\\nursing.exe", Optional.of("D:\\HISDATA"), d -> false))
                .contains("D:\\HISDATA");
        assertThat(ProcessLauncher.workingDirectory("C:\\HIS\\nursing.exe", Optional.empty(), "C:\\HIS"::equals))
                .contains("C:\\HIS");
        assertThat(ProcessLauncher.workingDirectory("C:\\HIS\\nursing.exe", Optional.empty(), d -> false))
                .as("folder gone: the start fails with 'not found', not with a bad directory").isEmpty();
    }

    @Test
    void aConfiguredFolderThatDoesNotExistIsRefusedByName() {
        Path missing = dir.resolve("missing");
        ProcessLauncher launcher = new ProcessLauncher(Optional.of(missing));
        assertThatThrownBy(() -> launcher.launch(List.of("/bin/true")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nursingApp.workingDir").hasMessageContaining(missing.toString());
    }

    /** Starts sh, which writes its working folder to {@code out} (written, then renamed into place). */
    private Path startAndReadCwd(ProcessLauncher launcher, String sh) throws Exception {
        Path out = dir.resolve("cwd.txt");
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            launcher.launch(List.of(sh, "-c", "pwd -P > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"", "sh", out.toString()));
            while (!Files.exists(out)) {
                WatchKey key = watch.poll(30, TimeUnit.SECONDS);
                assertThat(key).as("the started program wrote its folder").isNotNull();
                key.pollEvents();
                key.reset();
            }
        }
        return Path.of(Files.readString(out).trim());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theProgramStartsInItsOwnFolderNotKeyWatchs() throws Exception {
        Path sh = Path.of("/bin/sh");
        Path cwd = startAndReadCwd(new ProcessLauncher(), sh.toString());
        assertThat(cwd).isEqualTo(sh.getParent().toRealPath());
        assertThat(cwd).isNotEqualTo(Path.of("").toAbsolutePath().toRealPath());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theConfiguredFolderIsUsed() throws Exception {
        Path his = Files.createDirectory(dir.resolve("his data"));
        Path cwd = startAndReadCwd(new ProcessLauncher(Optional.of(his)), "/bin/sh");
        assertThat(cwd).isEqualTo(his.toRealPath());
    }

    @Test
    @org.junit.jupiter.api.Tag("windows")
    @org.junit.jupiter.api.condition.EnabledOnOs(OS.WINDOWS)
    void onWindowsAProgramStartsInItsFolderAndTheConfiguredOneWins() throws Exception {
        Path cmd = Path.of(System.getenv("SystemRoot"), "System32", "cmd.exe");
        Path out = dir.resolve("cwd.txt");
        for (Optional<Path> configured : List.of(Optional.<Path>empty(), Optional.of(dir))) {
            Files.deleteIfExists(out);
            try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                new WindowsLauncher(configured).launch(List.of(cmd.toString(), "/c",
                        "cd > \"" + out + ".tmp\" && move /y \"" + out + ".tmp\" \"" + out + "\""));
                while (!Files.exists(out)) {
                    WatchKey key = watch.poll(30, TimeUnit.SECONDS);
                    assertThat(key).isNotNull();
                    key.pollEvents();
                    key.reset();
                }
            }
            Path cwd = Path.of(Files.readString(out).trim());
            assertThat(cwd.toRealPath()).isEqualTo(configured.orElse(cmd.getParent()).toRealPath());
        }
    }
}
