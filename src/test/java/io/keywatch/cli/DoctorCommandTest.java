package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.SimulatedCause;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code keywatch doctor [--json]} against the simulator, and {@code demo --cause ID} for every cause. */
class DoctorCommandTest {
    @TempDir
    Path tmp;
    private BjcaSimulator sim;

    record Run(int exitCode, String out, String err) { }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private Run run(String url, String... args) throws IOException {
        Path config = tmp.resolve("c.json");
        Files.writeString(config, "{\"bjca\": {\"url\": " + JSON.std.asString(url) + ", \"bridge\": \"websocket\","
                + " \"timeoutMs\": 2000}, \"ui\": {\"language\": \"en\"}, \"dataDir\": "
                + JSON.std.asString(tmp.resolve("data").toString()) + ", \"softkeyDb\": {\"path\": "
                + JSON.std.asString(tmp.resolve("LocalLow/BJCA/bjca_softkey.db").toString()) + "}}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(rc, out.toString(), err.toString());
    }

    private String simulator(SimulatedCause cause) throws Exception {
        sim = new BjcaSimulator(Files.createDirectories(tmp.resolve("LocalLow/BJCA")), "WARD-PC-9");
        sim.start(0);
        cause.apply(sim);
        return sim.webSocketUrl().toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHealthyKeyIsVerdictOkExitZeroAndCauseNull() throws Exception {
        Run r = run(simulator(SimulatedCause.HEALTHY), "doctor", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> m = JSON.std.mapFrom(r.out());
        assertThat(m).containsEntry("verdict", "OK").containsEntry("exitCode", 0).containsKey("cause");
        assertThat(m.get("cause")).isNull();
        List<Map<String, Object>> checks = (List<Map<String, Object>>) m.get("checks");
        assertThat(checks).extracting(c -> c.get("id")).containsExactlyInAnyOrder("bjca.installed", "bjca.service",
                "keys.present", "keys.driver", "keys.single", "cert.validity", "cert.expiry", "pin.retries",
                "softkey.db", "smartcard.service", "session.remote", "clock", "keywatch.self");
        assertThat(checks).extracting(c -> c.get("status")).allMatch(s -> List.of("OK", "SKIPPED").contains(s));
        Map<String, Object> self = (Map<String, Object>) checks.stream()
                .filter(c -> c.get("id").equals("keywatch.self")).findFirst().orElseThrow().get("details");
        assertThat(self).containsEntry("bridge", "websocket").containsEntry("bridgeSetting", "websocket")
                .containsEntry("bridgeReason", "configured");
        // A command is not the tray: its resume/unlock source is none (Linux) or not started here (Windows).
        assertThat(self.get("sessionEventsState")).isIn("NOT_ON_THIS_PLATFORM", "NOT_STARTED");
        assertThat(self).doesNotContainKey("sessionEventsRunning");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLockedPinIsExitOneWithTheCauseAndTheWordsForIt() throws Exception {
        String url = simulator(SimulatedCause.PIN_LOCKED);
        Run json = run(url, "doctor", "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(JSON.std.mapFrom(json.out())).containsEntry("cause", "pin.retries").containsEntry("verdict", "FAIL");
        Run text = run(url, "doctor");
        assertThat(text.out()).contains("[FAIL] pin.retries: PIN locked: call IT (张三).")
                .contains("Cause: pin.retries");
        assertThat(sim.calls("SOF_GetPinRetryCount")).isPositive();
    }

    @Test
    void noServiceAtAllIsExitThree() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        Run r = run("ws://127.0.0.1:" + free + "/xtxapp/", "doctor", "--json");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(JSON.std.mapFrom(r.out())).containsEntry("cause", "bjca.service");
    }

    @ParameterizedTest
    @EnumSource(SimulatedCause.class)
    void demoTellsEveryCauseEndToEnd(SimulatedCause cause) throws Exception {
        Run r = run("ws://127.0.0.1:21051/xtxapp/", "demo", "--cause", cause.id());
        assertThat(r.exitCode()).as(cause.id() + ": " + r.err()).isZero();
    }

    @Test
    void anUnknownCauseIsAUsageErrorNamingTheAcceptedOnes() throws Exception {
        Run r = run("ws://127.0.0.1:21051/xtxapp/", "demo", "--cause", "gremlins");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'gremlins'").contains("cert-expired").contains("wrong-clock");
    }
}
