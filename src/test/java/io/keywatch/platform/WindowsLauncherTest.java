package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsLauncherTest {

    @Test
    void programsAreStartedWithTheirArgumentListUnchanged() throws Exception {
        List<List<String>> started = new ArrayList<>();
        WindowsLauncher l = new WindowsLauncher(started::add);
        List<String> cmd = List.of("C:\\Program Files\\移动护理\\移动护理.exe", "--ward", "3 east");
        l.launch(cmd);
        assertThat(started).containsExactly(cmd);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:\\Users\\Public\\Desktop\\移动护理.lnk", "D:/apps/Nursing.URL"})
    void shortcutsAreRefusedWithTheFix(String program) {
        List<List<String>> started = new ArrayList<>();
        WindowsLauncher l = new WindowsLauncher(started::add);
        assertThatThrownBy(() -> l.launch(List.of(program)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("shortcut")
                .hasMessageContaining("Target")
                .hasMessageContaining(program);
        assertThat(started).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"start.bat", "C:\\nursing\\START.CMD", "run.ps1", "x.vbs"})
    void scriptsAreRefusedWithAnExplicitInterpreterExample(String program) {
        assertThat(WindowsLauncher.refusal(List.of(program)))
                .hasValueSatisfying(m -> assertThat(m).contains("cmd.exe").contains("/c").contains(program.replace("\\", "\\\\")));
    }

    @Test
    void anExplicitInterpreterIsAllowed() {
        assertThat(WindowsLauncher.refusal(List.of("C:\\Windows\\System32\\cmd.exe", "/c", "start.bat"))).isEmpty();
        assertThat(WindowsLauncher.refusal(List.of("nursing"))).isEmpty();
    }

    @Test
    void emptyCommandsAreRefused() {
        assertThat(WindowsLauncher.refusal(List.of())).hasValueSatisfying(m -> assertThat(m).contains("empty"));
        assertThat(WindowsLauncher.refusal(List.of(" "))).isPresent();
    }

    @Test
    void elevationRequiredIsExplainedNotRetried() {
        List<List<String>> started = new ArrayList<>();
        WindowsLauncher l = new WindowsLauncher(cmd -> {
            started.add(cmd);
            throw new IOException("Cannot run program \"setup.exe\": CreateProcess error=740, The requested operation requires elevation");
        });
        assertThatThrownBy(() -> l.launch(List.of("setup.exe")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("administrator rights")
                .hasMessageContaining("never elevates")
                .hasCauseInstanceOf(IOException.class);
        assertThat(started).hasSize(1);
    }

    @Test
    void aBadWorkingFolderIsExplained() {
        IOException badDir = new IOException("Cannot run program \"x.exe\" (in directory \"D:\\HISDATA\"): CreateProcess error=267, The directory name is invalid");
        assertThat(WindowsLauncher.explain(badDir, "x.exe")).hasMessageContaining("nursingApp.workingDir")
                .hasMessageContaining("267").hasCause(badDir);
    }

    @Test
    void notFoundIsExplainedAndOtherErrorsPassThrough() {
        IOException notFound = new IOException("Cannot run program \"x.exe\": CreateProcess error=2, The system cannot find the file specified");
        assertThat(WindowsLauncher.explain(notFound, "x.exe")).hasMessageContaining("not found").hasMessageContaining("full path");
        IOException other = new IOException("CreateProcess error=5, Access is denied");
        assertThat(WindowsLauncher.explain(other, "x.exe")).isSameAs(other);
    }

    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void startsARealProgram() throws Exception {
        new WindowsLauncher().launch(List.of(System.getenv("SystemRoot") + "\\System32\\whoami.exe"));
    }

    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void knownFoldersResolve() {
        WindowsPlatform p = new WindowsPlatform();
        assertThat(p.defaultBjcaFolder().toString()).endsWith("LocalLow\\BJCA");
        assertThat(p.defaultDataDir().toString()).endsWith("Local\\KeyWatch");
        assertThat(p.profileCreated()).isPresent();
    }
}
