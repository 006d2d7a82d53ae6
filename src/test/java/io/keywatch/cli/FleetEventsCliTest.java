package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.sim.BjcaSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check, reset and restore from the command line each send one event to the configured syslog server. */
class FleetEventsCliTest {
    @TempDir
    Path tmp;

    @Test
    void checkResetAndRestoreReachTheSyslogServerFromConfigurationAlone() throws Exception {
        Path bjca = Files.createDirectories(tmp.resolve("LocalLow/BJCA"));
        try (BjcaSimulator sim = new BjcaSimulator(bjca, "NURSE-PC");
             DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.setSoTimeout(5000);
            BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
            sim.start(0, 0);
            Path config = tmp.resolve("keywatch.json");
            Files.writeString(config, "{\"softkeyDb\": {\"path\": " + JSON.std.asString(bjca.resolve("bjca_softkey.db").toString())
                    + "}, \"dataDir\": " + JSON.std.asString(tmp.resolve("data").toString())
                    + ", \"bjca\": {\"url\": \"" + sim.webSocketUrl() + "\", \"bridge\": \"websocket\"},"
                    + " \"log\": {\"syslog\": {\"host\": \"127.0.0.1\", \"port\": " + server.getLocalPort()
                    + ", \"facility\": \"local0\"}}}");

            assertThat(run(config, "check")).isEqualTo(1);
            Map<String, Object> check = receive(server);
            assertThat(check).containsEntry("event", "check").containsEntry("status", "FAILED")
                    .containsKey("verdict").containsEntry("bridge", "websocket")
                    .containsEntry("bjcaVersion", BjcaSimulator.VERSION).containsKeys("machine", "user", "version");

            assertThat(run(config, "reset", "--yes")).isZero();
            Map<String, Object> reset = receive(server);
            assertThat(reset).containsEntry("event", "reset").containsEntry("status", "OK").containsKey("quarantineId");

            assertThat(run(config, "restore", (String) reset.get("quarantineId"))).isZero();
            assertThat(receive(server)).containsEntry("event", "restore")
                    .containsEntry("quarantineId", reset.get("quarantineId"));
        }
    }

    private static int run(Path config, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true), all);
    }

    private static Map<String, Object> receive(DatagramSocket server) throws Exception {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        String line = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        assertThat(line).as("facility local0 (16) * 8 + informational (6)").startsWith("<134>");
        return JSON.std.mapFrom(line.substring(line.indexOf('{')));
    }
}
