package io.keywatch.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.platform.BjcaInstall;
import io.keywatch.platform.RegistryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssistantLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void theOnlyProgramIsTheAssistant() {
        assertThat(AssistantLocator.pick(List.of("readme.txt", "CertAssist.EXE", "x.dll"))).containsExactly("CertAssist.EXE");
    }

    @Test
    void uninstallersUpdatersAndInstallersAreNotTheAssistant() {
        assertThat(AssistantLocator.pick(List.of("unins000.exe", "Uninstall.exe", "AutoUpdate.exe", "setup.exe",
                "vcredist_x86.exe", "CrashReport.exe", "Upgrader.exe", "Tool.exe"))).containsExactly("Tool.exe");
        assertThat(AssistantLocator.isHelper("BjcaCertAide.exe")).isFalse();
    }

    @Test
    void amongSeveralProgramsTheOneNamedAideOr助手Wins() {
        assertThat(AssistantLocator.pick(List.of("BjcaCertAide.exe", "Tool.exe"))).containsExactly("BjcaCertAide.exe");
        assertThat(AssistantLocator.pick(List.of("证书助手.exe", "Tool.exe"))).containsExactly("证书助手.exe");
    }

    @Test
    void itNeverGuessesBetweenTwoPlausiblePrograms() {
        assertThat(AssistantLocator.pick(List.of("A.exe", "B.exe"))).containsExactly("A.exe", "B.exe");
        assertThat(AssistantLocator.pick(List.of("AideOne.exe", "AideTwo.exe"))).hasSize(2);
        assertThat(AssistantLocator.pick(List.of("unins000.exe", "notes.txt"))).isEmpty();
    }

    @Test
    void findsTheProgramInTheInstallsBjcaCertAideFolder() throws IOException {
        Path aide = Files.createDirectories(tmp.resolve("BJCA").resolve(BjcaInstall.ASSISTANT_FOLDER));
        Files.writeString(aide.resolve("BjcaCertAide.exe"), "MZ");
        Files.writeString(aide.resolve("unins000.exe"), "MZ");
        Files.createDirectories(aide.resolve("sub.exe")); // a folder is not a program
        BjcaInstall.AssistantFolder install = BjcaInstall.assistantFolder(Optional.of(registry(
                Map.of("InstallPath", tmp.resolve("BJCA").toString()))));

        AssistantLocator.Lookup found = AssistantLocator.locate(List.of(), true, install);

        assertThat(found).isEqualTo(new AssistantLocator.Found(List.of(aide.resolve("BjcaCertAide.exe").toString()),
                aide.toString()));
    }

    @Test
    void severalCandidatesOrNoneAreMissingWithTheFolderNamed() throws IOException {
        Path aide = Files.createDirectories(tmp.resolve("BjcaCertAide"));
        BjcaInstall.AssistantFolder install = new BjcaInstall.AssistantFolder(Optional.of(aide), "");
        assertThat(AssistantLocator.locate(List.of(), true, install))
                .isEqualTo(new AssistantLocator.Missing("assistant.missing.noExe", List.of(aide.toString())));
        Files.writeString(aide.resolve("A.exe"), "MZ");
        Files.writeString(aide.resolve("B.exe"), "MZ");
        assertThat(AssistantLocator.locate(List.of(), true, install))
                .isEqualTo(new AssistantLocator.Missing("assistant.missing.ambiguous", List.of(aide.toString(), "A.exe, B.exe")));
    }

    @Test
    void withoutAnInstallTheReasonIsKept() {
        assertThat(AssistantLocator.locate(List.of(), false, BjcaInstall.assistantFolder(Optional.empty())))
                .isEqualTo(new AssistantLocator.Missing("assistant.missing.noInstall",
                        List.of("no Windows registry on this system")));
        Path gone = tmp.resolve("nope");
        assertThat(AssistantLocator.locate(List.of(), true, new BjcaInstall.AssistantFolder(Optional.of(gone), "")))
                .isEqualTo(new AssistantLocator.Missing("assistant.missing.noFolder", List.of(gone.toString())));
    }

    @Test
    void theConfiguredCommandWinsOverTheInstall() throws IOException {
        Path exe = Files.writeString(tmp.resolve("Aide.exe"), "MZ");
        AssistantLocator.Lookup l = AssistantLocator.locate(List.of(exe.toString(), "/check"), true,
                new BjcaInstall.AssistantFolder(Optional.of(tmp), ""));
        assertThat(l).isEqualTo(new AssistantLocator.Found(List.of(exe.toString(), "/check"), "config"));
        // Outside Windows the stand-in is started by name (java ...): no .exe and no existence check.
        assertThat(AssistantLocator.locate(List.of("java", "-cp", "x"), false, BjcaInstall.assistantFolder(Optional.empty())))
                .isInstanceOf(AssistantLocator.Found.class);
    }

    @Test
    void aConfiguredCommandThatIsNoProgramOrIsNotThereIsRefused() {
        assertThat(AssistantLocator.locate(List.of("C:\\BJCA\\assistant.lnk"), true, BjcaInstall.assistantFolder(Optional.empty())))
                .isEqualTo(new AssistantLocator.Missing("assistant.missing.notExe", List.of("C:\\BJCA\\assistant.lnk")));
        String missing = tmp.resolve("Gone.exe").toString();
        assertThat(AssistantLocator.locate(List.of(missing), true, BjcaInstall.assistantFolder(Optional.empty())))
                .isEqualTo(new AssistantLocator.Missing("assistant.missing.configuredNotFound", List.of(missing)));
    }

    static RegistryReader registry(Map<String, Object> bjcaValues) {
        return new RegistryReader() {
            @Override
            public Map<String, Object> values(String path) {
                return path.equals(BjcaInstall.REGISTRY_KEY) ? bjcaValues : Map.of();
            }

            @Override
            public List<String> subKeys(String path) {
                return List.of();
            }

            @Override
            public String expand(String value) {
                return value;
            }
        };
    }
}
