package io.keywatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.KeyUser;
import io.keywatch.core.ResetReport;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.platform.Platform;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fleet events received by a syslog "server" on a local UDP socket, and handed to the Event Log. */
class FleetEventsTest {
    static final FleetEvents.Identity WHO = new FleetEvents.Identity("NURSE-PC-0815", "HOSP\\zhang", "1.2.3");
    /** {@code <PRI>} then the timestamp and host Logback writes, then our tag and the JSON. */
    static final Pattern SYSLOG_LINE = Pattern.compile("^<(\\d+)>(\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) (\\S+) keywatch: (\\{.*\\})$");

    private DatagramSocket server;
    private final List<Object> eventLog = new ArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FleetEvents events(String facility) {
        Platform.EventLog fake = new Platform.EventLog() {
            @Override
            public void restored(JournalEntry entry) {
                eventLog.add(entry);
            }

            @Override
            public void accept(WatchdogEvent e) {
                eventLog.add(e);
            }

            @Override
            public void close() {
                eventLog.add("closed");
            }
        };
        return new FleetEvents(WHO, Optional.of(fake),
                Optional.of(new FleetEvents.SyslogTarget("127.0.0.1", server.getLocalPort(), facility)));
    }

    record Received(int pri, String host, Map<String, Object> fields) { }

    private Received receive() throws Exception {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        String line = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).strip();
        Matcher m = SYSLOG_LINE.matcher(line);
        assertThat(m.matches()).as("syslog line: %s", line).isTrue();
        return new Received(Integer.parseInt(m.group(1)), m.group(3), JSON.std.mapFrom(m.group(4)));
    }

    static CheckResult result(CheckStatus status) {
        DbFacts facts = new DbFacts(Path.of("/p/BJCA/bjca_softkey.db"), true, 4096,
                Optional.of(Instant.parse("2023-11-15T02:00:00Z")), Optional.of(Instant.parse("2023-11-15T02:00:00Z")));
        Diagnosis d = status == CheckStatus.OK ? Diagnosis.of(facts, Optional.empty(), Optional.empty())
                : Diagnosis.of(facts, Optional.of(Instant.parse("2024-01-20T01:30:00Z")), Optional.empty());
        return new CheckResult(status, d, List.of(new KeyUser("张三", "UserKey/5303201812001784")),
                Optional.of("3.4.1"), "websocket", Optional.empty(), Instant.parse("2026-01-02T03:04:05Z"));
    }

    static JournalEntry entry() {
        return new JournalEntry("20260102T030405.000Z-abc123", "/p/BJCA/bjca_softkey.db", "/q/x/bjca_softkey.db", 4096,
                Optional.empty(), Optional.empty(), "00", "tray", Instant.parse("2026-01-02T03:04:05Z"),
                JournalEntry.MOVED, Optional.empty());
    }

    @Test
    void aCheckEventCarriesTheCauseIdButNotItsSentence() throws Exception {
        try (FleetEvents events = events("user")) {
            events.checked(result(CheckStatus.OK).withCause(Optional.of(new io.keywatch.core.Cause("pin.retries",
                    io.keywatch.core.Cause.Level.FAIL, "张三的PIN码已锁死", "", true))), "key");
            Map<String, Object> f = receive().fields();
            assertThat(f).containsEntry("cause", "pin.retries");
            assertThat(f.toString()).doesNotContain("张三");
            events.checked(result(CheckStatus.OK), "key");
            assertThat(receive().fields()).doesNotContainKey("cause");
        }
    }

    @Test
    void checkResetAndRestoreArriveAsSyslogDatagramsWithTheirFields() throws Exception {
        try (FleetEvents events = events("local3")) {
            events.checked(result(CheckStatus.FAILED), "cli");
            Received check = receive();
            assertThat(check.pri()).as("local3 (19) * 8 + informational (6)").isEqualTo(19 * 8 + 6);
            assertThat(check.fields()).containsEntry("event", "check").containsEntry("machine", "NURSE-PC-0815")
                    .containsEntry("user", "HOSP\\zhang").containsEntry("version", "1.2.3")
                    .containsEntry("status", "FAILED").containsEntry("verdict", "CARRIED_OVER")
                    .containsEntry("bridge", "websocket").containsEntry("bjcaVersion", "3.4.1")
                    .containsEntry("source", "cli");
            assertThat(check.fields().toString()).as("cert ids stay on the PC").doesNotContain("5303201812001784");

            events.reset(new ResetReport(entry(), result(CheckStatus.OK)), "cli");
            assertThat(receive().fields()).containsEntry("event", "reset").containsEntry("status", "OK")
                    .containsEntry("verdict", "PRESENT").containsEntry("quarantineId", "20260102T030405.000Z-abc123");

            events.restored(entry(), "cli");
            assertThat(receive().fields()).containsEntry("event", "restore")
                    .containsEntry("quarantineId", "20260102T030405.000Z-abc123").containsEntry("machine", "NURSE-PC-0815");

            events.resetRefused(new SoftkeyException(SoftkeyException.Reason.LOCKED, "in use"), "cli");
            assertThat(receive().fields()).containsEntry("event", "reset-refused").containsEntry("reason", "LOCKED");

            events.imagePrepared("nurse1", "MOVED", Optional.of("id-1"), "cli");
            assertThat(receive().fields()).containsEntry("event", "prepare-image").containsEntry("profile", "nurse1")
                    .containsEntry("quarantineId", "id-1");
        }
        assertThat(eventLog).hasSize(5).last().isEqualTo("closed");
        assertThat(eventLog.get(0)).isInstanceOfSatisfying(WatchdogEvent.Checked.class,
                c -> assertThat(c.result().status()).isEqualTo(CheckStatus.FAILED));
        assertThat(eventLog.get(1)).isInstanceOf(WatchdogEvent.Repaired.class);
        assertThat(eventLog.get(2)).isInstanceOf(JournalEntry.class);
        assertThat(eventLog.get(3)).isInstanceOf(WatchdogEvent.RepairFailed.class);
    }

    @Test
    void asAWatchdogListenerItReportsChecksAndRepairsAndForwardsEverythingToTheEventLog() throws Exception {
        WatchdogStatus s = new WatchdogStatus(WatchState.FAILED, true, Optional.empty(), Optional.empty(), Instant.EPOCH);
        try (FleetEvents events = events("user")) {
            events.accept(new WatchdogEvent.StateChanged(s));
            events.accept(new WatchdogEvent.Checked(s, result(CheckStatus.FAILED), true));
            Received r = receive();
            assertThat(r.pri()).as("user (1) * 8 + informational (6)").isEqualTo(14);
            assertThat(r.fields()).containsEntry("event", "check").containsEntry("source", "key");
            events.accept(new WatchdogEvent.Repaired(s, new ResetReport(entry(), result(CheckStatus.OK))));
            assertThat(receive().fields()).containsEntry("event", "reset").containsEntry("source", "tray");
            events.accept(new WatchdogEvent.Restored(s, entry()));
            assertThat(receive().fields()).containsEntry("event", "restore").containsEntry("source", "tray")
                    .containsEntry("quarantineId", entry().id());
        }
        assertThat(eventLog.subList(0, 4)).hasExactlyElementsOfTypes(WatchdogEvent.StateChanged.class,
                WatchdogEvent.Checked.class, WatchdogEvent.Repaired.class, JournalEntry.class);
    }

    @Test
    void afterCloseNothingMoreIsSent() throws Exception {
        FleetEvents events = events("user");
        events.checked(result(CheckStatus.OK), "cli");
        receive();
        events.close();
        events.checked(result(CheckStatus.OK), "cli");
        server.setSoTimeout(300);
        try {
            receive();
            throw new AssertionError("a closed FleetEvents must not send");
        } catch (SocketTimeoutException expected) {
            // nothing arrived
        }
    }

    @Test
    void withoutSyslogEventsStillReachTheEventLog() {
        try (FleetEvents events = new FleetEvents(WHO, Optional.of(new Platform.EventLog() {
            @Override
            public void restored(JournalEntry entry) {
                eventLog.add(entry);
            }

            @Override
            public void accept(WatchdogEvent e) {
                eventLog.add(e);
            }

            @Override
            public void close() {
            }
        }), Optional.empty())) {
            events.restored(entry(), "cli");
        }
        assertThat(eventLog).containsExactly(entry());
    }
}
