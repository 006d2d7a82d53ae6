package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.AssistantStarter;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellExecuteRequestTest {

    @Test
    void runAsTheProgramInItsOwnFolder() {
        ShellExecuteRequest r = ShellExecuteRequest.runAs(List.of("C:\\Program Files (x86)\\BJCA\\BjcaCertAide\\Aide.exe"));
        assertThat(r).isEqualTo(new ShellExecuteRequest("runas", "C:\\Program Files (x86)\\BJCA\\BjcaCertAide\\Aide.exe",
                "", "C:\\Program Files (x86)\\BJCA\\BjcaCertAide"));
    }

    @Test
    void argumentsAreQuotedAsWindowsSplitsThemAgain() {
        ShellExecuteRequest r = ShellExecuteRequest.runAs(List.of("C:\\a.exe", "/check", "two words", "", "say \"hi\"",
                "C:\\dir with space\\", "back\\\\slash"));
        assertThat(r.parameters()).isEqualTo("/check \"two words\" \"\" \"say \\\"hi\\\"\" \"C:\\dir with space\\\\\" back\\\\slash");
        assertThat(r.directory()).isEqualTo("C:\\");
    }

    @Test
    void quotingEdges() {
        assertThat(ShellExecuteRequest.quote("plain")).isEqualTo("plain");
        assertThat(ShellExecuteRequest.quote("a\\\"b")).isEqualTo("\"a\\\\\\\"b\"");
        assertThat(ShellExecuteRequest.quote("tab\there")).isEqualTo("\"tab\there\"");
        assertThat(ShellExecuteRequest.folderOf("Aide.exe")).isEmpty();
        assertThat(ShellExecuteRequest.folderOf("\\\\server\\share\\Aide.exe")).isEqualTo("\\\\server\\share");
    }

    @Test
    void noProgramNoRequest() {
        assertThatThrownBy(() -> ShellExecuteRequest.runAs(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShellExecuteRequest.runAs(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorCancelledMeansTheNurseDeclinedOthersAreFailuresThatSayWhy() {
        assertThat(WindowsShellElevation.failure(1223, "C:\\Aide.exe", "The operation was cancelled by the user."))
                .isInstanceOf(AssistantStarter.Cancelled.class).hasMessageContaining("declined");
        assertThat(WindowsShellElevation.failure(2, "C:\\Aide.exe", "")).isInstanceOf(IOException.class)
                .hasMessage("'C:\\Aide.exe' was not found (error 2)");
        assertThat(WindowsShellElevation.failure(1222, "C:\\Aide.exe", "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("error 1222 (x)");
        assertThat(WindowsShellElevation.failure(1224, "C:\\Aide.exe", "x")).isNotInstanceOf(AssistantStarter.Cancelled.class);
    }
}
