package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.Messages;
import io.keywatch.sim.BjcaSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} suggests {@code keywatch reset} only where a reset would go ahead. */
class CheckResetHintTest {
    private static final String RESET_HINT = Messages.forLanguage("en").get("cli.check.hint");

    @TempDir
    Path tmp;
    private Path bjca;
    private Path db;
    private Path config;
    private BjcaSimulator sim;

    record Run(int exitCode, String out, String err) { }

    @BeforeEach
    void setUp() throws IOException {
        bjca = Files.createDirectories(tmp.resolve("LocalLow/BJCA"));
        db = bjca.resolve("bjca_softkey.db");
        config = tmp.resolve("keywatch.json");
        sim = new BjcaSimulator(bjca, "NURSE-PC");
        sim.start(0, 0);
        Files.writeString(config, "{\"softkeyDb\": {\"path\": " + JSON.std.asString(db.toString()) + "},"
                + " \"dataDir\": " + JSON.std.asString(tmp.resolve("data").toString()) + ", \"ui.language\": \"en\","
                + " \"bjca\": {\"url\": \"" + sim.webSocketUrl() + "\", \"bridge\": \"websocket\"}}");
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private Run check() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "--config", config.toString(), "check");
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void aForeignDbGetsTheResetHint() throws IOException {
        BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
        Run r = check();
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains(RESET_HINT);
    }

    @Test
    void aFolderWhereTheDbShouldBeGetsNoResetHintButTheReason() throws IOException {
        Files.createDirectories(db);
        Run r = check();
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).doesNotContain(RESET_HINT).contains("keywatch reset cannot repair this", db.toString());
    }

    @Test
    void aLinkInTheDbsPlaceGetsNoResetHint() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        BjcaSimulator.writeForeignDb(elsewhere, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
        Files.createSymbolicLink(db, elsewhere.resolve("bjca_softkey.db"));
        Run r = check();
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).doesNotContain(RESET_HINT).contains("keywatch reset cannot repair this");
    }

    @Test
    void anUnreadableDbGetsNoResetHint() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file: cannot make one unreadable");
        BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("---------"));
        Run r = check();
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).doesNotContain(RESET_HINT).contains("keywatch reset cannot repair this");
    }
}
