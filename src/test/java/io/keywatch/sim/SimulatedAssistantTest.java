package io.keywatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.bjca.XtxClients;
import io.keywatch.core.XtxClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rebuild setting, asked over a real WebSocket, and the stand-in assistant, in process and as a process. */
class SimulatedAssistantTest {
    @TempDir
    Path bjca;
    BjcaSimulator sim;
    XtxClient client;

    @BeforeEach
    void start() throws IOException {
        sim = new BjcaSimulator(bjca, "NURSE-PC-02").start();
        client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(5), false);
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void underAssistantRebuildAMissingDbStaysMissingAndFailsUntilTheAssistantRan() throws Exception {
        sim.rebuild(DbRebuild.ASSISTANT);
        assertThat(client.checkSoftDeviceEnv()).isFalse();
        assertThat(client.checkSoftDeviceEnv()).as("still: the check itself creates nothing").isFalse();
        assertThat(sim.dbFile()).doesNotExist();

        assertThat(SimulatedAssistant.run(new String[] {"--bjca-folder", bjca.toString(), "--machine-id", "NURSE-PC-02"}))
                .isZero();

        assertThat(SimulatedSoftkeyDb.readMachineId(sim.dbFile())).isEqualTo("NURSE-PC-02");
        assertThat(client.checkSoftDeviceEnv()).isTrue();
    }

    @Test
    void underAssistantRebuildACarriedOverDbStillFailsAsBefore() throws Exception {
        sim.rebuild(DbRebuild.ASSISTANT);
        BjcaSimulator.writeForeignDb(bjca, "IMAGE-PC", Instant.parse("2023-11-15T00:00:00Z"));
        assertThat(client.checkSoftDeviceEnv()).isFalse();
        Files.delete(sim.dbFile());
        assertThat(client.checkSoftDeviceEnv()).isFalse();
    }

    @Test
    void theComponentRebuildsByDefaultAndAfterSwitchingBack() throws Exception {
        sim.rebuild(DbRebuild.ASSISTANT);
        assertThat(client.checkSoftDeviceEnv()).isFalse();
        sim.rebuild(DbRebuild.COMPONENT);
        assertThat(client.checkSoftDeviceEnv()).isTrue();
        assertThat(sim.dbFile()).exists();
    }

    @Test
    void anAssistantThatRepairsNothingWritesNothing() {
        assertThat(SimulatedAssistant.run(new String[] {"--bjca-folder", bjca.toString(), "--machine-id", "X",
                "--no-repair", "--exit-code", "4"})).isEqualTo(4);
        assertThat(sim.dbFile()).doesNotExist();
    }

    @Test
    void badArgumentsAreExitTwo() {
        assertThat(SimulatedAssistant.run(new String[] {"--bjca-folder", bjca.toString()})).isEqualTo(2);
        assertThat(SimulatedAssistant.run(new String[] {"--what"})).isEqualTo(2);
        assertThat(SimulatedAssistant.run(new String[] {"--bjca-folder"})).isEqualTo(2);
        assertThat(SimulatedAssistant.run(new String[] {"--bjca-folder", bjca.toString(), "--machine-id", " "})).isEqualTo(2);
    }

    @Test
    void itRunsAsASeparateProcessLikeTheRealAssistant() throws Exception {
        List<String> command = SimulatedAssistant.command(bjca, "NURSE-PC-02", "en");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("wrote a fresh").contains(sim.dbFile().toString());
        sim.rebuild(DbRebuild.ASSISTANT);
        assertThat(client.checkSoftDeviceEnv()).isTrue();
    }
}
