package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.AssistantStarter;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The shell adapter on a real Windows; verb "open", as no one is there to answer a consent prompt. */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class WindowsShellElevationTest {
    private static final String CMD = System.getenv().getOrDefault("ComSpec", "C:\\Windows\\System32\\cmd.exe");

    @Test
    void startsTheProgramWithItsArgumentsAndSeesItsExitCode() throws Exception {
        AssistantStarter.Started s = new WindowsShellElevation("open").start(List.of(CMD, "/c", "exit", "3"));
        assertThat(s.exit().get(60, TimeUnit.SECONDS)).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void aMissingProgramIsAnIoExceptionNotACrash() {
        assertThatThrownBy(() -> new WindowsShellElevation("open").start(List.of("C:\\no\\such\\Aide.exe")))
                .isInstanceOf(IOException.class).hasMessageContaining("Aide.exe");
    }
}
