package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.diagnostics.Diagnostics;
import io.keywatch.sim.BjcaSimulator;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keywatch diagnose as IT runs it, and the tray's exporter, against the simulator. */
class DiagnoseCommandTest {
    @TempDir
    Path tmp;

    @Test
    void diagnoseWritesTheZipWhereToldAndTheTrayExporterWritesIntoTheDataFolder() throws Exception {
        Path bjca = Files.createDirectories(tmp.resolve("LocalLow/BJCA"));
        try (BjcaSimulator sim = new BjcaSimulator(bjca, "NURSE-PC")) {
            BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
            sim.start(0, 0);
            Path config = tmp.resolve("keywatch.json");
            Files.writeString(config, "{\"softkeyDb\": {\"path\": " + JSON.std.asString(bjca.resolve("bjca_softkey.db").toString())
                    + "}, \"dataDir\": " + JSON.std.asString(tmp.resolve("data").toString())
                    + ", \"bjca\": {\"url\": \"" + sim.webSocketUrl() + "\", \"bridge\": \"websocket\"}}");
            Path zip = tmp.resolve("out/diag.zip");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                    "--config", config.toString(), "diagnose", "--out", zip.toString());

            assertThat(rc).as(err.toString()).isZero();
            assertThat(out.toString()).contains(zip.toString());
            assertThat(firstEntry(zip)).isEqualTo(Diagnostics.SUMMARY);

            try (AppContext ctx = AppContext.load(Optional.of(config))) {
                Path exported = DiagnoseCommand.exporter(ctx).call();
                assertThat(exported).startsWith(tmp.resolve("data/diagnostics")).isRegularFile();
                assertThat(firstEntry(exported)).isEqualTo(Diagnostics.SUMMARY);
            }
        }
    }

    @Test
    void anUnwritableDestinationIsExitFive() throws Exception {
        Path config = Files.writeString(tmp.resolve("keywatch.json"), "{\"dataDir\": "
                + JSON.std.asString(tmp.resolve("data").toString()) + ", \"bjca\": {\"url\": \"ws://127.0.0.1:1/xtxapp/\"}}");
        Path blocker = Files.writeString(tmp.resolve("a-file"), "x");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "--config", config.toString(), "diagnose", "--out", blocker.resolve("diag.zip").toString());
        assertThat(rc).isEqualTo(5);
        assertThat(err.toString()).contains(blocker.resolve("diag.zip").toString());
    }

    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(value = org.junit.jupiter.api.condition.OS.WINDOWS,
            disabledReason = "POSIX modes; on Windows the folders inherit the profile's ACL")
    void theExportsFoldersArePrivateAndAChosenPlaceKeepsItsExistingFoldersAsTheyAre() throws Exception {
        Path config = Files.writeString(tmp.resolve("keywatch.json"), "{\"dataDir\": "
                + JSON.std.asString(tmp.resolve("data").toString()) + ", \"bjca\": {\"url\": \"ws://127.0.0.1:1/xtxapp/\"}}");
        try (AppContext ctx = AppContext.load(Optional.of(config))) {
            Path exported = DiagnoseCommand.exporter(ctx).call();
            assertThat(exported).isRegularFile();
        }
        assertThat(mode(tmp.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("data/diagnostics"))).isEqualTo("rwx------");

        Path desktop = Files.createDirectories(tmp.resolve("Desktop"));
        Files.setPosixFilePermissions(desktop, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path zip = desktop.resolve("for-it/diag.zip");
        int rc = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true),
                "--config", config.toString(), "diagnose", "--out", zip.toString());
        assertThat(rc).isZero();
        assertThat(zip).isRegularFile();
        assertThat(mode(desktop.resolve("for-it"))).as("made by KeyWatch: private").isEqualTo("rwx------");
        assertThat(mode(desktop)).as("IT's own folder is not narrowed").isEqualTo("rwxr-xr-x");
    }

    private static String mode(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String firstEntry(Path zip) throws Exception {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            return z.getNextEntry().getName();
        }
    }
}
