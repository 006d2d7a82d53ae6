package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo must reach the end unattended (no terminal in tests) and exit 0. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoRunsTheWholeStoryUnattendedAndExitsZero() throws Exception {
        Path config = tmp.resolve("c.json");
        Files.writeString(config, "{\"dataDir\": \"" + tmp.resolve("data").toString().replace("\\", "\\\\") + "\"}");
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "--config", config.toString(), "demo", "--timeout", "60");
        assertThat(rc).as(err.toString()).isZero();
    }

    @Test
    void badDemoOptionIsAUsageError() {
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "demo", "--port", "x");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("--port");
    }
}
