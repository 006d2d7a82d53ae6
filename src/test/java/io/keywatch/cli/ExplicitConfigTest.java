package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.config.ConfigFile;
import io.keywatch.core.ExitCodes;
import io.keywatch.config.KeyWatchConfig;
import io.keywatch.platform.GenericPlatform;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --config FILE} as IT uses it to validate a file: a command refuses a file it cannot use at all
 * (exit 2, naming the file and why), while the tray starts without it and says why.
 */
class ExplicitConfigTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) { }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(rc, out.toString(), err.toString());
    }

    private Path bad(String kind) throws IOException {
        Path f = dir.resolve(kind + ".json");
        switch (kind) {
            case "notJson" -> Files.writeString(f, "{\"bjca.timeoutMs\": 2000,");
            case "array" -> Files.writeString(f, "[1, 2]");
            case "folder" -> Files.createDirectories(f);
            case "huge" -> {
                try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                    r.setLength(100L * 1024 * 1024);
                }
            }
            case "gbk" -> Files.write(f, "{\"ui.language\": \"中文\"}".getBytes("GBK"));
            default -> throw new IllegalArgumentException(kind);
        }
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"notJson", "array", "folder", "huge", "gbk"})
    void aCommandGivenAFileItCannotUseExitsTwoNamingTheFile(String kind) throws IOException {
        Path f = bad(kind);
        Run r = run("--config", f.toString(), "restore", "--list");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(f.toString(), "--config").doesNotContain("OutOfMemoryError", "Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFolderIsCalledAFolderNotMissing() throws IOException {
        Path f = bad("folder");
        assertThat(run("--config", f.toString(), "check").err()).contains("is a folder").doesNotContain("does not exist");
    }

    @Test
    void aFileOfExactlyTheCapIsUsedByACommand() throws IOException {
        byte[] b = new byte[ConfigFile.MAX_BYTES];
        java.util.Arrays.fill(b, (byte) ' ');
        String obj = "{\"dataDir\": " + com.fasterxml.jackson.jr.ob.JSON.std.asString(dir.resolve("data").toString());
        byte[] h = obj.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(h, 0, b, 0, h.length);
        b[b.length - 1] = '}';
        Path f = Files.write(dir.resolve("at-cap.json"), b);
        Run r = run("--config", f.toString(), "restore", "--list");
        assertThat(r.err()).doesNotContain(f.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        b = java.util.Arrays.copyOf(b, b.length + 1);
        b[b.length - 2] = ' ';
        b[b.length - 1] = '}';
        Files.write(f, b);
        Run past = run("--config", f.toString(), "restore", "--list");
        assertThat(past.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(past.err()).contains(f.toString(), "1048576");
    }

    @ParameterizedTest
    @ValueSource(strings = {"notJson", "folder", "huge"})
    void theTrayStartsOnTheDefaultsAndSaysWhy(String kind) throws Exception {
        Path f = bad(kind);
        try (AppContext ctx = AppContext.loadForTray(Optional.of(f), new GenericPlatform())) {
            assertThat(ctx.problems()).anySatisfy(p -> assertThat(p).contains(f.toString(), "default settings"));
            KeyWatchConfig d = KeyWatchConfig.defaults();
            assertThat(ctx.config().bjcaUrl()).isEqualTo(d.bjcaUrl());
            assertThat(ctx.config().sources()).doesNotContainValue(f.toString());
        }
    }
}
