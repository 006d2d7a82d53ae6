package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The MSI's CDS custom action: its command line, and that a hung recording is killed, not waited for. */
class WindowsCdsRecorderTest {

    @Test
    void theDumpingJvmGetsTheArchiveTheLaunchersOptionsAndVersion() {
        assertThat(WindowsCdsRecorder.command("C:\\KW\\runtime\\bin\\javaw.exe", "C:\\KW\\app\\keywatch.jsa",
                "C:\\KW\\app\\keywatch.jar", "io.keywatch.cli.Main", List.of("-Xmx64m", "-Xss512k")))
                .containsExactly("C:\\KW\\runtime\\bin\\javaw.exe", "-XX:ArchiveClassesAtExit=C:\\KW\\app\\keywatch.jsa",
                        "-Xmx64m", "-Xss512k", "-cp", "C:\\KW\\app\\keywatch.jar", "io.keywatch.cli.Main", "--version");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aRecordingThatDoesNotEndIsKilledAtTheLimit() {
        // "sleep" stands in for a JVM that hangs; the limit is what ends it.
        List<String> hung = List.of("/bin/sh", "-c", "exec sleep 600");
        assertThat(WindowsCdsRecorder.run(hung, Duration.ofMillis(300))).isEqualTo(WindowsCdsRecorder.Outcome.TIMED_OUT);
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().orElse("").endsWith("sleep"))).isEmpty();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void successAndFailureAreToldApart() {
        assertThat(WindowsCdsRecorder.run(List.of("/bin/true"), Duration.ofSeconds(30)))
                .isEqualTo(WindowsCdsRecorder.Outcome.RECORDED);
        assertThat(WindowsCdsRecorder.run(List.of("/bin/false"), Duration.ofSeconds(30)))
                .isEqualTo(WindowsCdsRecorder.Outcome.FAILED);
        assertThat(WindowsCdsRecorder.run(List.of("/nonexistent/java"), Duration.ofSeconds(30)))
                .isEqualTo(WindowsCdsRecorder.Outcome.FAILED);
    }
}
