package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keywatch prepare-image as an image builder runs it, then keywatch restore for a db from another profile. */
class PrepareImageCommandTest {
    @TempDir
    Path tmp;
    private Path config;
    private Path home;

    record Run(int exitCode, String out, String err) { }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(rc, out.toString(), err.toString());
    }

    private Path db(String user) {
        return home.resolve(user).resolve("BJCA-here").resolve("bjca_softkey.db");
    }

    @BeforeEach
    void setUp() throws IOException {
        home = tmp.resolve("home");
        for (String user : List.of("nurse1", "nurse2")) {
            Files.createDirectories(db(user).getParent());
            Files.writeString(db(user), "db of " + user);
        }
        Files.createDirectories(home.resolve("nurse3"));
        config = tmp.resolve("keywatch.json");
        // The admin's own BJCA folder is elsewhere: every restore below crosses profiles.
        Files.writeString(config, "{\"dataDir\": " + JSON.std.asString(tmp.resolve("data").toString())
                + ", \"softkeyDb\": {\"path\": " + JSON.std.asString(tmp.resolve("admin/BJCA/bjca_softkey.db").toString())
                + "}, \"image\": {\"profileRoots\": [" + JSON.std.asString(home.toString()) + "], \"profiles\": [],"
                + " \"bjcaSubPath\": \"BJCA-here\"}}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void dryRunThenRefusalWithoutYesThenYesThenRestoreOfAnotherProfilesDb() throws Exception {
        Run dry = run("prepare-image", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("nurse1", "nurse2", "nurse3", db("nurse1").toString(), "Dry run");
        assertThat(db("nurse1")).exists();
        assertThat(db("nurse2")).exists();

        Run noYes = run("prepare-image");
        assertThat(noYes.exitCode()).as("no terminal, no --yes").isEqualTo(2);
        assertThat(noYes.err()).contains("--yes");
        assertThat(db("nurse1")).exists();

        Run yes = run("prepare-image", "--yes", "--json");
        assertThat(yes.exitCode()).as(yes.err()).isZero();
        Map<String, Object> report = JSON.std.mapFrom(yes.out());
        assertThat(report).containsEntry("dryRun", false).containsEntry("exitCode", 0);
        List<Map<String, Object>> profiles = (List<Map<String, Object>>) report.get("profiles");
        assertThat(profiles).extracting(p -> p.get("status")).containsExactly("MOVED", "MOVED", "NO_DB");
        assertThat(db("nurse1")).doesNotExist();
        assertThat(db("nurse2")).doesNotExist();

        Run list = run("restore", "--list");
        assertThat(list.out()).contains(db("nurse1").toString(), db("nurse2").toString());

        String id = (String) profiles.get(1).get("quarantineId");
        Run restore = run("restore", id);
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(Files.readString(db("nurse2"))).isEqualTo("db of nurse2");
        assertThat(db("nurse1")).as("only the named entry").doesNotExist();

        Run again = run("prepare-image", "--yes");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("1 moved");
    }
}
