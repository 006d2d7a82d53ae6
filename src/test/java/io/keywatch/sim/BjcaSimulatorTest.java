package io.keywatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's protocol and its faithful reproduction of the incident, spoken to over raw HTTP synctl. */
class BjcaSimulatorTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T08:00:00Z");

    @TempDir
    Path bjcaFolder;

    BjcaSimulator sim;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        sim = new BjcaSimulator(bjcaFolder, "NURSE-PC-01").start();
        // These tests read values as the WebSocket's default style writes them (strings); synctl's own
        // default (typed JSON) has a test of its own.
        sim.service().synctlStyle(SimulatedService.ReplyStyle.RET_VALUE_STRINGS);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void absentDbIsCreatedForThisMachineAndPasses() throws Exception {
        assertThat(sim.dbFile()).doesNotExist();

        assertThat(value("CheckSoftDeviceEnv")).isEqualTo("true");

        assertThat(sim.dbFile()).exists();
        assertThat(SimulatedSoftkeyDb.readMachineId(sim.dbFile())).isEqualTo("NURSE-PC-01");
        assertThat(value("CheckSoftDeviceEnv")).isEqualTo("true");
        assertThat(value("SOF_GetLastError")).isEqualTo("0");
        assertThat(sim.checkCalls()).isEqualTo(2);
    }

    @Test
    void dbCarriedOverFromAnotherMachineFailsUntilDeleted() throws Exception {
        BjcaSimulator.writeForeignDb(bjcaFolder, "IMAGE-BUILD-PC", IMAGE_BUILT);
        assertThat(Files.getLastModifiedTime(sim.dbFile()).toInstant()).isEqualTo(IMAGE_BUILT);

        assertThat(value("CheckSoftDeviceEnv")).isEqualTo("false");
        assertThat(value("SOF_GetLastErrMsg")).asString().contains("cannot load bjca_softkey.db")
                .contains("IMAGE-BUILD-PC");
        assertThat(value("SOF_GetLastError")).isEqualTo(String.valueOf(BjcaSimulator.ERR_SOFTKEY_DB));
        // The assistant's "repair" does not help; only deleting the file does.
        assertThat(value("CheckSoftDeviceEnv")).isEqualTo("false");

        Files.delete(sim.dbFile());
        assertThat(value("CheckSoftDeviceEnv")).isEqualTo("true");
        assertThat(SimulatedSoftkeyDb.readMachineId(sim.dbFile())).isEqualTo("NURSE-PC-01");
        assertThat(Files.getLastModifiedTime(sim.dbFile()).toInstant()).isAfter(IMAGE_BUILT);
        assertThat(value("SOF_GetLastErrMsg")).isEqualTo("");
    }

    @Test
    void unreadableDbFails() throws Exception {
        Files.write(sim.dbFile(), new byte[] {0, 1, 2, 3, (byte) 0xff});
        assertThat(value("CheckSoftDeviceEnv")).isEqualTo("false");
        assertThat(value("SOF_GetLastErrMsg")).asString().contains("cannot load bjca_softkey.db");
    }

    @Test
    void dbWrittenByThisMachineEarlierPassesAfterARestart() throws Exception {
        assertThat(value("CheckSoftDeviceEnv")).isEqualTo("true");
        sim.close();
        sim = new BjcaSimulator(bjcaFolder, "NURSE-PC-01").start();
        assertThat(post(sim, Map.of("func", "CheckSoftDeviceEnv"))).containsEntry("retValue", true);
        try (BjcaSimulator otherPc = new BjcaSimulator(bjcaFolder, "NURSE-PC-02").start()) {
            assertThat(post(otherPc, Map.of("func", "CheckSoftDeviceEnv"))).containsEntry("retValue", false);
        }
    }

    @Test
    void virtualKeyShowsInUserListSerialsAndDeviceInfo() throws Exception {
        assertThat(value("SOF_GetUserList")).isEqualTo("");
        assertThat(value("GetDeviceCount")).isEqualTo("0");

        sim.insertKey("张三", "5303201812001784");
        assertThat(value("SOF_GetUserList")).isEqualTo("张三||UserKey/5303201812001784&&&");
        assertThat(value("GetDeviceCount")).isEqualTo("1");
        assertThat(value("GetAllDeviceSN")).isEqualTo("5303201812001784;");
        assertThat(value("GetDeviceInfo", List.of("5303201812001784", 7))).isEqualTo("HARD");
        assertThat(value("GetDeviceInfo", List.of("5303201812001784", "8"))).isEqualTo("SimGM3000.dll");
        assertThat(value("GetDeviceInfo", List.of("UserKey/5303201812001784", 7)))
                .as("pages pass the certID from the user list").isEqualTo("HARD");
        assertThat(value("GetDeviceInfo", List.of("UserKey/5303201812001785", 7))).isEqualTo("");
        assertThat(value("GetDeviceInfo", List.of("OTHER", 7))).isEqualTo("");
        assertThat(value("SOF_GetLastError")).isEqualTo(String.valueOf(BjcaSimulator.ERR_NO_DEVICE));
        assertThat(value("EnableSoftDevice", List.of(true, ""))).isEqualTo("true");
        assertThat(value("SOF_GetVersion")).isEqualTo(BjcaSimulator.VERSION);

        assertThatThrownBy(() -> sim.insertKey("a||b", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void olderStyleParametersParam1ToNAreUnderstood() throws Exception {
        sim.insertKey("张三", "SN9");
        Map<String, Object> reply = post(sim, Map.of("func", "GetDeviceInfo", "param_1", "SN9", "param_2", 3));
        assertThat(reply).containsEntry("retValue", "SN9");
    }

    @Test
    void replyStylesFollowTheOptions() throws Exception {
        sim.replyStyle(BjcaSimulator.ReplyKey.RET_VAL, BjcaSimulator.ValueStyle.JSON);
        Map<String, Object> reply = post(sim, Map.of("func", "CheckSoftDeviceEnv", "param", List.of()));
        assertThat(reply).containsEntry("retVal", true).doesNotContainKey("retValue");
        assertThat(post(sim, Map.of("func", "GetDeviceCount"))).containsEntry("retVal", 0);
    }

    @Test
    void unknownFunctionIsAnErrorReply() throws Exception {
        Map<String, Object> reply = post(sim, Map.of("func", "SOF_Login", "param", List.of("123456")));
        assertThat(reply).doesNotContainKeys("retValue", "retVal");
        assertThat(reply.get("error")).asString().contains("unknown function: SOF_Login");
    }

    @Test
    void synctlAcceptsPostOnly() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(sim.synctlUrl()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void synctlRepliesTypedJsonByDefault() throws Exception {
        try (BjcaSimulator fresh = new BjcaSimulator(bjcaFolder.resolve("fresh"), "NURSE-PC-02").start()) {
            Files.createDirectories(fresh.bjcaFolder());
            assertThat(post(fresh, Map.of("func", "CheckSoftDeviceEnv"))).containsEntry("retValue", true);
            assertThat(post(fresh, Map.of("func", "GetDeviceCount"))).containsEntry("retValue", 0);
        }
    }

    @Test
    void listensOnLoopbackOnlyWithWebSocketAndSynctlOnOnePort() {
        assertThat(sim.webSocketUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(sim.synctlUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(sim.webSocketUrl().getPort()).isPositive().isEqualTo(sim.synctlUrl().getPort());
    }

    @Test
    void standaloneCommandWritesAForeignDbServesAndQuits() throws Exception {
        Path folder = bjcaFolder.resolve("standalone");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SimulatorCommand.run(new String[] {"--port", "0", "--bjca-folder",
                folder.toString(), "--foreign-db", "--machine-id", "DEMO-PC", "--key", "张三:5303"},
                new ByteArrayInputStream("status\nbogus\nquit\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed).contains("machine DEMO-PC").contains("WebSocket: ws://127.0.0.1:")
                .contains("db present").contains("unknown command 'bogus'");
        assertThat(SimulatedSoftkeyDb.readMachineId(folder.resolve(BjcaSimulator.DB_FILE_NAME)))
                .isEqualTo(SimulatorCommand.FOREIGN_MACHINE);
    }

    @Test
    void standaloneCommandRejectsABadKeyOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SimulatorCommand.run(new String[] {"--port", "0", "--bjca-folder",
                bjcaFolder.toString(), "--key", "nocolon"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
    }

    private Object value(String function) throws Exception {
        return value(sim, function, List.of());
    }

    private Object value(String function, List<Object> params) throws Exception {
        return value(sim, function, params);
    }

    private Object value(BjcaSimulator target, String function, List<Object> params) throws Exception {
        Map<String, Object> reply = post(target, Map.of("func", function, "param", params));
        assertThat(reply).as("reply to %s", function).containsKey("retValue");
        return reply.get("retValue");
    }

    private Map<String, Object> post(BjcaSimulator target, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.synctlUrl())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.std.mapFrom(response.body());
    }

}
