package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.keywatch.sim.BjcaSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The commands as IT runs them, over real loopback sockets, with only --config pointing at BJCA. */
class CliEndToEndTest {
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
    }

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
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

    private void writeConfig(String extra) throws IOException {
        Files.writeString(config, "{\"softkeyDb\": {\"path\": " + JSON.std.asString(db.toString()) + "},"
                + " \"dataDir\": " + JSON.std.asString(tmp.resolve("data").toString()) + ", " + extra + "}");
    }

    private void startSimulator() throws IOException {
        sim = new BjcaSimulator(bjca, "NURSE-PC");
        BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
        sim.start(0, 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws IOException {
        return JSON.std.mapFrom(text);
    }

    @ParameterizedTest
    @EnumSource(BjcaSimulator.ReplyKey.class)
    void carriedOverDbFailsResetFixesItAndRestoreBringsItBackByteForByte(BjcaSimulator.ReplyKey spelling)
            throws Exception {
        startSimulator();
        sim.replyStyle(spelling, spelling == BjcaSimulator.ReplyKey.values()[0]
                ? BjcaSimulator.ValueStyle.STRINGS : BjcaSimulator.ValueStyle.JSON);
        writeConfig("\"bjca\": {\"url\": \"" + sim.webSocketUrl() + "\", \"bridge\": \"websocket\"}");
        byte[] original = Files.readAllBytes(db);

        Run check = run("check", "--json");
        assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
        Map<String, Object> report = json(check.out());
        assertThat(report).containsEntry("status", "FAILED").containsEntry("bridge", "websocket");
        assertThat((Map<String, Object>) report.get("db")).containsEntry("exists", true)
                .containsEntry("path", db.toString());
        assertThat((Map<String, Object>) report.get("diagnosis")).containsKeys("verdict", "explanation");

        Run reset = run("reset", "--yes");
        assertThat(reset.exitCode()).as(reset.out() + reset.err()).isZero();
        Matcher id = Pattern.compile("as (\\S+) \\(").matcher(reset.out());
        assertThat(id.find()).as(reset.out()).isTrue();
        assertThat(Files.readAllBytes(db)).as("BJCA made a fresh db").isNotEqualTo(original);

        assertThat(run("check").exitCode()).isZero();

        Run restore = run("restore", id.group(1));
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(Files.readAllBytes(db)).isEqualTo(original);
        assertThat(run("check").exitCode()).as("the carried-over db is back, and so is the incident").isEqualTo(1);

        Run list = run("restore", "--list", "--json");
        assertThat(list.exitCode()).isZero();
        List<Object> entries = JSON.std.listFrom(list.out());
        assertThat(entries).hasSizeGreaterThanOrEqualTo(1);
    }

    /** A stand-in written here from the protocol text alone: HTTP synctl, retVal, JSON booleans. */
    private HttpServer independentSynctlService() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/synctl", exchange -> {
            Map<String, Object> body = JSON.std.mapFrom(exchange.getRequestBody());
            Object value;
            switch (String.valueOf(body.get("func"))) {
                case "CheckSoftDeviceEnv" -> {
                    if (!Files.exists(db)) {
                        Files.writeString(db, "MINE");
                    }
                    value = Files.readString(db, StandardCharsets.ISO_8859_1).equals("MINE");
                }
                case "SOF_GetVersion" -> value = "3.2.1.0";
                case "SOF_GetUserList" -> value = "李四||UserKey/77&&&";
                case "GetDeviceCount" -> value = 1;
                default -> value = "";
            }
            byte[] reply = JSON.std.asBytes(Map.of("retVal", value));
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(reply);
            }
        });
        server.start();
        return server;
    }

    @Test
    void independentHttpServiceWithRetValAndJsonBooleans() throws Exception {
        Files.writeString(db, "FROM-THE-IMAGE");
        byte[] original = Files.readAllBytes(db);
        HttpServer server = independentSynctlService();
        try {
            int port = server.getAddress().getPort();
            writeConfig("\"bjca\": {\"bridge\": \"http\", \"url\": \"ws://127.0.0.1:" + port + "/xtxapp/\","
                    + " \"synctlUrl\": \"http://127.0.0.1:" + port + "/synctl\"}");
            Run check = run("check", "--json");
            assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
            assertThat(json(check.out())).containsEntry("status", "FAILED").containsEntry("bridge", "http");

            Run reset = run("reset", "--yes");
            assertThat(reset.exitCode()).as(reset.out() + reset.err()).isZero();
            assertThat(reset.out()).contains("李四");
            assertThat(run("check").exitCode()).isZero();

            assertThat(run("restore").exitCode()).isZero();
            assertThat(Files.readAllBytes(db)).isEqualTo(original);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serviceDownIsUnavailableExitThreeWithoutHanging() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        writeConfig("\"bjca\": {\"url\": \"ws://127.0.0.1:" + closedPort + "/xtxapp/\", \"timeoutMs\": 3000}");
        Run check = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("check", "--json"));
        assertThat(check.exitCode()).isEqualTo(3);
        assertThat(json(check.out())).containsEntry("status", "UNAVAILABLE").containsKey("reason");
    }

    @Test
    void slowServiceIsTimeoutExitFour() throws Exception {
        startSimulator();
        sim.replyDelay(Duration.ofSeconds(3));
        writeConfig("\"bjca\": {\"url\": \"" + sim.webSocketUrl() + "\", \"bridge\": \"websocket\", \"timeoutMs\": 300}");
        Run check = run("check", "--json");
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(4);
        assertThat(json(check.out())).containsEntry("status", "TIMEOUT");
    }

    @Test
    void resetWithoutYesAndWithoutATerminalRefusesAndChangesNothing() throws Exception {
        startSimulator();
        writeConfig("\"bjca\": {\"url\": \"" + sim.webSocketUrl() + "\"}");
        byte[] before = Files.readAllBytes(db);
        Run reset = run("reset");
        assertThat(reset.exitCode()).isEqualTo(2);
        assertThat(reset.err()).contains("--yes");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void configurationAndUsageErrorsExitTwoWithClearMessages() throws Exception {
        Path missing = tmp.resolve("nope.json");
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "--config", missing.toString(), "check");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains(missing.toString());

        writeConfig("\"bjca\": {\"timeoutMs\": \"soon\"}");
        assertThat(run("restore", "no-such-id").exitCode()).isEqualTo(2);
        Run badValue = run("restore", "--list");
        assertThat(badValue.exitCode()).as("a bad value falls back to the default").isZero();
        assertThat(badValue.err()).contains("bjca.timeoutMs", "soon");

        assertThat(run("check", "--no-such-option").exitCode()).isEqualTo(2);
    }

    @Test
    void launchStartsTheNursingAppOnlyAfterThePolicyRepairedTheDb() throws Exception {
        startSimulator();
        Path marker = tmp.resolve("nursing-app-started");
        java.nio.file.WatchService watcher = tmp.getFileSystem().newWatchService();
        tmp.register(watcher, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        writeConfig("\"bjca\": {\"url\": \"" + sim.webSocketUrl() + "\"}, \"reset\": {\"policy\": \"never\"},"
                + " \"nursingApp\": {\"command\": " + JSON.std.asString(List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), MarkerApp.class.getName(), marker.toString())) + "}");
        Run blocked = run("launch");
        assertThat(blocked.exitCode()).as(blocked.out() + blocked.err()).isEqualTo(1);
        assertThat(marker).doesNotExist();

        writeConfig("\"bjca\": {\"url\": \"" + sim.webSocketUrl() + "\"}, \"reset\": {\"policy\": \"auto\"},"
                + " \"nursingApp\": {\"command\": " + JSON.std.asString(List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), MarkerApp.class.getName(), marker.toString())) + "}");
        Run launched = run("launch");
        assertThat(launched.exitCode()).as(launched.out() + launched.err()).isZero();
        // The app runs on its own: wait for the file system to report the file it writes (bounded).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!written(marker) && System.nanoTime() < deadline) {
            java.nio.file.WatchKey key = watcher.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        }
        watcher.close();
        assertThat(written(marker)).as("the nursing app wrote its marker").isTrue();
    }

    private static boolean written(Path marker) throws IOException {
        return Files.exists(marker) && Files.readString(marker).equals("started");
    }

    /** Stands in for the nursing app: proves it was started, with its arguments. */
    public static final class MarkerApp {
        public static void main(String[] args) throws IOException {
            Files.writeString(Path.of(args[0]), "started");
        }
    }
}
