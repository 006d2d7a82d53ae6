package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo --assistant-needed} as a user runs it: a process of its own, no terminal, the story read from stdout. */
@Timeout(180)
class DemoAssistantTest {
    @TempDir
    Path tmp;

    @Test
    void theLongerStoryEndsWithTheNursingAppStartedAfterTheStandInAssistant() throws Exception {
        Path config = tmp.resolve("c.json");
        Files.writeString(config, "{\"ui.language\": \"en\", \"dataDir\": \"" + tmp.resolve("data").toString().replace("\\", "\\\\")
                + "\"}");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString(), "demo", "--assistant-needed", "--timeout", "120"))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsSubsequence(
                "only once its certificate assistant",
                "moved to the quarantine",
                "BJCA has not rebuilt its certificate environment yet",
                "Next step: start BJCA's certificate assistant",
                "Starting BJCA's certificate assistant",
                "certificate environment OK",
                "[移动护理 stand-in] started",
                "the check passes",
                "The nursing app was started after a passing check.",
                "BJCA's assistant rebuilt the environment");
        // The stand-in prints after writing the db; KeyWatch may have checked before that line shows.
        assertThat(out).contains("[证书助手 stand-in] 环境检测 done, 修复环境 done: wrote a fresh");
    }
}
