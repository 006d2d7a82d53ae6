package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainStartsTrayTest {

    @Test
    void theTrayWithOnlyGlobalOptionsWarmsUpTheToolkit() {
        assertThat(Main.startsTray()).isTrue();
        assertThat(Main.startsTray("tray")).isTrue();
        assertThat(Main.startsTray("--config", "check", "tray")).as("a config file named 'check'").isTrue();
        assertThat(Main.startsTray("--config=/etc/kw.json", "-v", "tray")).isTrue();
    }

    @Test
    void otherCommandsAndHelpDoNot() {
        assertThat(Main.startsTray("check")).isFalse();
        assertThat(Main.startsTray("--config", "f.json", "reset", "--yes")).isFalse();
        assertThat(Main.startsTray("tray", "--help")).isFalse();
        assertThat(Main.startsTray("--version")).isFalse();
        assertThat(Main.startsTray("status", "--json")).isFalse();
    }
}
