package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.DbRebuild;
import io.keywatch.sim.SimulatedAssistant;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reset} and {@code launch} as IT runs them, over real loopback sockets, against the simulator in
 * both behaviours, with the simulator's stand-in assistant started as a separate process.
 */
@Timeout(120)
class AssistantEndToEndTest {
    static final String MACHINE = "NURSE-PC";

    @TempDir
    Path tmp;
    private Path bjca;
    private Path db;
    private Path config;
    private BjcaSimulator sim;

    record Run(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        bjca = Files.createDirectories(tmp.resolve("LocalLow/BJCA"));
        db = bjca.resolve("bjca_softkey.db");
        config = tmp.resolve("keywatch.json");
        sim = new BjcaSimulator(bjca, MACHINE);
        BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
        sim.start(0, 0);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

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

    private void writeConfig(List<String> assistant, String extra) throws IOException {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("softkeyDb.path", db.toString());
        c.put("dataDir", tmp.resolve("data").toString());
        c.put("ui.language", "en");
        c.put("bjca.url", sim.webSocketUrl().toString());
        c.put("bjca.bridge", "websocket");
        if (!assistant.isEmpty()) {
            c.put("bjca.assistantCommand", assistant);
        }
        String text = JSON.std.asString(c);
        Files.writeString(config, extra.isEmpty() ? text : text.substring(0, text.length() - 1) + "," + extra + "}");
    }

    private List<String> standIn(String... extra) {
        return SimulatedAssistant.command(bjca, MACHINE, "en", extra);
    }

    @Test
    void whenTheComponentRebuildsTheDbNoAssistantIsOffered() throws IOException {
        writeConfig(standIn(), "");
        Run reset = run("reset", "--yes");
        assertThat(reset.exitCode()).as(reset.all()).isZero();
        assertThat(reset.out()).doesNotContain("assistant");
        assertThat(db).exists();
    }

    @Test
    void whenOnlyTheAssistantRebuildsAScriptIsToldTheNextStepAndTheExitCodeStaysOne() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(standIn(), "");
        Run reset = run("reset", "--yes");
        assertThat(reset.exitCode()).as(reset.all()).isEqualTo(1);
        assertThat(reset.out())
                .contains("bjca_softkey.db was moved to the quarantine and is safe there")
                .contains("BJCA has not rebuilt its certificate environment yet")
                .contains("Next step: start BJCA's certificate assistant (证书助手), " + standIn().get(0))
                .contains("keywatch reset --yes --assistant");
        assertThat(db).as("nothing started without consent").doesNotExist();
    }

    @Test
    void withConsentTheStandInAssistantRebuildsAndTheCheckPasses() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(standIn(), "");
        Run reset = run("reset", "--yes", "--assistant");
        assertThat(reset.exitCode()).as(reset.all()).isZero();
        assertThat(reset.out()).contains("Starting BJCA's certificate assistant")
                .containsPattern("BJCA has rebuilt its environment \\(a fresh bjca_softkey.db appeared\\) and the check passes"
                        + "|BJCA's assistant has finished and the check passes")
                .contains("certificate environment OK");
        assertThat(Files.readString(db, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("machine=" + MACHINE);
        assertThat(run("check").exitCode()).isZero();
    }

    @Test
    void aSecondResetAfterTheDbIsGoneGoesStraightToTheAssistant() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(standIn(), "");
        assertThat(run("reset", "--yes").exitCode()).isEqualTo(1);
        Run again = run("reset", "--yes", "--assistant");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("does not exist: nothing to move").contains("check passes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonKeepsStdoutOneObjectWithTheAssistantsOutcome() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(standIn(), "");
        Run reset = run("reset", "--yes", "--assistant", "--json");
        assertThat(reset.exitCode()).as(reset.all()).isZero();
        Map<String, Object> j = JSON.std.mapFrom(reset.out());
        assertThat((Map<String, Object>) j.get("recheck")).containsEntry("status", "FAILED");
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) j.get("assistant");
        assertThat(a).containsEntry("outcome", "REBUILT").containsKey("trigger");
        assertThat((Map<String, Object>) a.get("check")).containsEntry("status", "OK");
        assertThat(reset.err()).contains("Starting BJCA's certificate assistant");
    }

    @Test
    void anAssistantThatClosesWithoutRepairingLeavesOneClearSentence() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(standIn("--no-repair"), "");
        Run reset = run("reset", "--yes", "--assistant");
        assertThat(reset.exitCode()).as(reset.all()).isEqualTo(1);
        assertThat(reset.out()).contains("BJCA's assistant has closed, but BJCA still says false.");
        assertThat(db).doesNotExist();
    }

    @Test
    void noAssistantAnywhereGivesGuidanceNotACrash() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(List.of(), "");
        Run reset = run("reset", "--yes", "--assistant");
        assertThat(reset.exitCode()).as(reset.all()).isEqualTo(1);
        assertThat(reset.out()).contains("BJCA's certificate assistant cannot be found: no Windows registry on this system.")
                .contains("IT can set bjca.assistantCommand");
        assertThat(reset.err()).doesNotContain("Exception");
    }

    @Test
    void aConfiguredAssistantThatIsNotThereIsNamed() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        String gone = tmp.resolve("gone").resolve("Aide").toAbsolutePath().toString();
        writeConfig(List.of(gone), "");
        Run reset = run("reset", "--yes", "--assistant");
        assertThat(reset.exitCode()).isEqualTo(1);
        assertThat(reset.out()).contains("bjca.assistantCommand names " + gone + ", which does not exist.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterAResetBjcaHasNotRebuiltFromTheDoctorNamesTheFoundAssistant() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(standIn(), "");
        assertThat(run("reset", "--yes").exitCode()).isEqualTo(1);
        Run doctor = run("doctor", "--json");
        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(1);
        Map<String, Object> j = JSON.std.mapFrom(doctor.out());
        assertThat(j).containsEntry("verdict", "FAIL"); // no key in the simulator: keys.present comes first
        Map<String, Object> db = ((List<Map<String, Object>>) j.get("checks")).stream()
                .filter(c -> "softkey.db".equals(c.get("id"))).findFirst().orElseThrow();
        assertThat(db).containsEntry("status", "FAIL");
        assertThat((String) db.get("action")).contains("start BJCA's certificate assistant (证书助手), " + standIn().get(0))
                .contains("keywatch reset --assistant");
        assertThat((Map<String, Object>) db.get("details")).containsEntry("variant", "notRebuilt")
                .containsEntry("assistantFound", true).containsEntry("assistant", standIn().get(0))
                .containsEntry("assistantFrom", "config");
    }

    @Test
    void afterAResetWithNoAssistantAnywhereTheDoctorSaysNoneWasFound() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(List.of(), "");
        assertThat(run("reset", "--yes").exitCode()).isEqualTo(1);
        Run doctor = run("doctor");
        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(1);
        assertThat(doctor.out()).contains("BJCA has not rebuilt its soft-certificate environment")
                .contains("BJCA's certificate assistant cannot be found: no Windows registry on this system.")
                .contains("IT can set bjca.assistantCommand").doesNotContain("keywatch reset --assistant");
    }

    @Test
    void launchResetsStartsTheAssistantAndThenTheNursingApp() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        String java = ProcessHandle.current().info().command().orElse("java");
        writeConfig(standIn(), "\"nursingApp.command\": " + JSON.std.asString(List.of(java, "-version"))
                + ", \"reset.policy\": \"auto\"");
        Run launch = run("launch", "--assistant");
        assertThat(launch.exitCode()).as(launch.all()).isZero();
        assertThat(launch.out()).contains("BJCA has not rebuilt its certificate environment yet")
                .contains("check passes").contains("Nursing app started: " + java);
    }

    @Test
    void launchWithoutConsentStaysBlockedWithExitOne() throws IOException {
        sim.rebuild(DbRebuild.ASSISTANT);
        writeConfig(standIn(), "\"nursingApp.command\": [\"/bin/true\"], \"reset.policy\": \"auto\"");
        Run launch = run("launch");
        assertThat(launch.exitCode()).as(launch.all()).isEqualTo(1);
        assertThat(launch.out()).contains("keywatch reset --yes --assistant")
                .contains("The nursing app was not started because the check did not pass.");
    }
}
