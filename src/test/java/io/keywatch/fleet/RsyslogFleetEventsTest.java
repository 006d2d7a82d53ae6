package io.keywatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.ResetReport;
import io.keywatch.core.SoftkeyException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fleet events received by Debian's rsyslog, started as a child process with its own configuration
 * (UDP and TCP inputs on free loopback ports, one file out), as a hospital's log server would take them.
 * Skipped, visibly, where rsyslogd is not installed ({@code .ci/run} installs it).
 */
class RsyslogFleetEventsTest {
    static final Duration GENEROUS = Duration.ofSeconds(60);
    static final List<Path> RSYSLOGD = List.of(Path.of("/usr/sbin/rsyslogd"), Path.of("/sbin/rsyslogd"));

    @TempDir
    Path tmp;
    private Process rsyslogd;
    private int udpPort;
    private int tcpPort;
    private Path out;

    @BeforeEach
    void startRsyslog() throws Exception {
        Optional<Path> exe = RSYSLOGD.stream().filter(Files::isExecutable).findFirst();
        assumeTrue(exe.isPresent(), "rsyslogd is not installed (apt-get install rsyslog): test skipped");
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ServerSocket t = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            udpPort = u.getLocalPort();
            tcpPort = t.getLocalPort();
        }
        out = tmp.resolve("received.log");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path conf = Files.writeString(tmp.resolve("rsyslog.conf"), String.join("\n",
                "global(workDirectory=\"" + work + "\")",
                "module(load=\"imudp\")",
                "module(load=\"imtcp\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\")",
                "template(name=\"kw\" type=\"string\" string=\"%programname%|%syslogfacility-text%|"
                        + "%syslogseverity-text%|%hostname%|%msg%\\n\")",
                "*.* action(type=\"omfile\" file=\"" + out + "\" template=\"kw\")", ""));
        rsyslogd = new ProcessBuilder(exe.get().toString(), "-n", "-f", conf.toString(),
                "-i", tmp.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("rsyslogd.out").toFile()).start();
        awaitTrue("rsyslogd listens on tcp " + tcpPort, () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), tcpPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stopRsyslog() throws InterruptedException {
        if (rsyslogd != null) {
            rsyslogd.destroy();
            if (!rsyslogd.waitFor(10, TimeUnit.SECONDS)) {
                rsyslogd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitTrue(String what, Supplier<Boolean> condition) throws IOException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.get()) {
            if (!rsyslogd.isAlive()) {
                throw new AssertionError("rsyslogd exited (" + rsyslogd.exitValue() + "): "
                        + Files.readString(tmp.resolve("rsyslogd.out")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** The lines rsyslog wrote for our tag: program|facility|severity|host|JSON. */
    private List<String[]> received() {
        try {
            if (!Files.exists(out)) {
                return List.of();
            }
            List<String[]> lines = new ArrayList<>();
            for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                String[] f = l.split("\\|", 5);
                if (f.length == 5 && f[0].equals(FleetEvents.SYSLOG_TAG)) {
                    lines.add(f);
                }
            }
            return lines;
        } catch (IOException e) {
            return List.of();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void everyEventKindArrivesWithAllItsFields(String protocol) throws Exception {
        int port = protocol.equals("udp") ? udpPort : tcpPort;
        FleetEvents.SyslogTarget target = new FleetEvents.SyslogTarget("127.0.0.1", port, "local3", protocol);
        try (FleetEvents events = new FleetEvents(FleetEventsTest.WHO, Optional.empty(), Optional.of(target))) {
            if (protocol.equals("udp")) {
                // UDP gives no sign that the input is up: send a check until one arrives, then the rest.
                awaitTrue("a first datagram reaches rsyslog", () -> {
                    events.checked(FleetEventsTest.result(CheckStatus.FAILED), "probe");
                    return !received().isEmpty();
                });
            }
            events.checked(FleetEventsTest.result(CheckStatus.FAILED), "cli");
            events.reset(new ResetReport(FleetEventsTest.entry(), FleetEventsTest.result(CheckStatus.OK)), "tray");
            events.resetRefused(new SoftkeyException(SoftkeyException.Reason.LOCKED, "in use"), "cli");
            events.restored(FleetEventsTest.entry(), "cli");
            events.imagePrepared("nurse1", "MOVED", Optional.of("id-1"), "cli");
            awaitTrue("the five events reach rsyslog", () -> received().stream()
                    .anyMatch(f -> f[4].contains("\"prepare-image\"")));
        }

        List<Map<String, Object>> fields = new ArrayList<>();
        for (String[] f : received()) {
            assertThat(f[1]).as("facility").isEqualTo("local3");
            assertThat(f[2]).as("severity").isEqualTo("info");
            assertThat(f[3]).as("host").isEqualTo(FleetEventsTest.WHO.machine());
            Map<String, Object> m = JSON.std.mapFrom(f[4].strip());
            assertThat(m).containsEntry("machine", "NURSE-PC-0815").containsEntry("user", "HOSP\\zhang")
                    .containsEntry("version", "1.2.3");
            if (!"probe".equals(m.get("source"))) {
                fields.add(m);
            }
        }
        assertThat(fields).hasSize(5);
        assertThat(fields.get(0)).containsEntry("event", "check").containsEntry("source", "cli")
                .containsEntry("status", "FAILED").containsEntry("verdict", "CARRIED_OVER")
                .containsEntry("bridge", "websocket").containsEntry("bjcaVersion", "3.4.1");
        assertThat(fields.get(1)).containsEntry("event", "reset").containsEntry("source", "tray")
                .containsEntry("status", "OK").containsEntry("verdict", "PRESENT")
                .containsEntry("quarantineId", FleetEventsTest.entry().id());
        assertThat(fields.get(2)).containsEntry("event", "reset-refused").containsEntry("reason", "LOCKED");
        assertThat(fields.get(3)).containsEntry("event", "restore").containsEntry("quarantineId",
                FleetEventsTest.entry().id());
        assertThat(fields.get(4)).containsEntry("event", "prepare-image").containsEntry("profile", "nurse1")
                .containsEntry("status", "MOVED").containsEntry("quarantineId", "id-1");
        assertThat(Files.readString(out)).as("cert ids stay on the PC").doesNotContain("5303201812001784");
    }
}
