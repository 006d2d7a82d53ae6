package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.KeyUser;
import io.keywatch.core.Messages;
import io.keywatch.core.ResetReport;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.platform.WindowsEventLog.Entry;
import io.keywatch.platform.WindowsEventLog.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class WindowsEventLogTest {
    private static final Messages EN = Messages.of(Locale.ENGLISH, ZoneOffset.UTC);
    private static final Messages ZH = Messages.of(Locale.SIMPLIFIED_CHINESE, ZoneOffset.UTC);
    private static final Instant NOW = Instant.parse("2024-03-01T09:00:00Z");
    private static final Path DB = Path.of("C:/Users/nurse/AppData/LocalLow/BJCA/bjca_softkey.db");
    private static final WatchdogStatus STATUS = new WatchdogStatus(WatchState.WAITING_FOR_KEY, true,
            Optional.empty(), Optional.empty(), NOW);

    record Written(Level level, int id, String message) {
    }

    static final class ListWriter implements WindowsEventLog.Writer {
        final List<Written> written = new CopyOnWriteArrayList<>();
        boolean fail;
        boolean closed;

        @Override
        public void write(Level level, int eventId, String message) throws IOException {
            if (fail) {
                throw new IOException("ReportEvent failed: The event log file is full.");
            }
            written.add(new Written(level, eventId, message));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static CheckResult result(CheckStatus status) {
        DbFacts facts = new DbFacts(DB, true, 4096, Optional.of(Instant.parse("2023-11-15T02:00:00Z")),
                Optional.of(Instant.parse("2023-11-15T02:00:00Z")));
        Diagnosis d = Diagnosis.of(facts, Optional.of(Instant.parse("2024-01-20T08:30:00Z")), Optional.empty());
        return new CheckResult(status, d, List.of(new KeyUser("张三", "UserKey/5303201812001784")),
                Optional.of("3.2.1.0"), "com",
                status == CheckStatus.OK || status == CheckStatus.FAILED ? Optional.empty() : Optional.of("connection refused"),
                NOW);
    }

    static JournalEntry journal() {
        return new JournalEntry("20240301-090000-1", DB.toString(), "C:/Users/nurse/AppData/Local/KeyWatch/quarantine/1/bjca_softkey.db",
                4096, Optional.empty(), Optional.empty(), "ab12", "check failed: carried over", NOW, JournalEntry.MOVED,
                Optional.empty());
    }

    @Test
    void checkStatusesMapToLevelsAndIds() {
        assertThat(WindowsEventLog.checkEntry(result(CheckStatus.OK), true, EN))
                .extracting(Entry::level, Entry::eventId).containsExactly(Level.INFORMATION, WindowsEventLog.CHECK_OK);
        assertThat(WindowsEventLog.checkEntry(result(CheckStatus.FAILED), true, EN))
                .extracting(Entry::level, Entry::eventId).containsExactly(Level.ERROR, WindowsEventLog.CHECK_FAILED);
        assertThat(WindowsEventLog.checkEntry(result(CheckStatus.UNAVAILABLE), true, EN))
                .extracting(Entry::level, Entry::eventId).containsExactly(Level.WARNING, WindowsEventLog.CHECK_UNAVAILABLE);
        assertThat(WindowsEventLog.checkEntry(result(CheckStatus.TIMEOUT), true, EN))
                .extracting(Entry::level, Entry::eventId).containsExactly(Level.WARNING, WindowsEventLog.CHECK_TIMEOUT);
    }

    @Test
    void aFailedCheckExplainsTheDiagnosisForIt() {
        Entry e = WindowsEventLog.checkEntry(result(CheckStatus.FAILED), true, EN);
        assertThat(e.message())
                .contains("CheckSoftDeviceEnv = false")
                .contains("created 2023-11-15, before this PC was installed on 2024-01-20")
                .contains("Bridge: com; BJCA version: 3.2.1.0")
                .doesNotContain("!windows.");
        Entry zh = WindowsEventLog.checkEntry(result(CheckStatus.FAILED), true, ZH);
        assertThat(zh.message()).contains("诊断").contains("通道：com").doesNotContain("!windows.");
    }

    @Test
    void repairsRestoresAndLaunchesAreRecorded() {
        CheckResult ok = result(CheckStatus.OK);
        CheckResult failed = result(CheckStatus.FAILED);
        assertThat(WindowsEventLog.entryFor(new WatchdogEvent.Repaired(STATUS, new ResetReport(journal(), ok)), EN))
                .hasValueSatisfying(e -> {
                    assertThat(e.eventId()).isEqualTo(WindowsEventLog.REPAIRED);
                    assertThat(e.level()).isEqualTo(Level.INFORMATION);
                    assertThat(e.message()).contains("quarantine").contains("20240301-090000-1").contains("Key recognised: 张三");
                });
        assertThat(WindowsEventLog.entryFor(new WatchdogEvent.Repaired(STATUS, new ResetReport(journal(), failed)), EN))
                .hasValueSatisfying(e -> assertThat(e.eventId()).isEqualTo(WindowsEventLog.REPAIRED_STILL_FAILING));
        assertThat(WindowsEventLog.entryFor(new WatchdogEvent.RepairFailed(STATUS, SoftkeyException.Reason.LOCKED,
                "bjca_softkey.db is open in another program"), EN))
                .hasValueSatisfying(e -> {
                    assertThat(e.level()).isEqualTo(Level.ERROR);
                    assertThat(e.eventId()).isEqualTo(WindowsEventLog.REPAIR_FAILED);
                    assertThat(e.message()).contains("LOCKED").contains("open in another program");
                });
        assertThat(WindowsEventLog.restoredEntry(journal(), EN))
                .satisfies(e -> {
                    assertThat(e.eventId()).isEqualTo(WindowsEventLog.RESTORED);
                    assertThat(e.message()).contains("restored").contains(DB.toString());
                });
        assertThat(WindowsEventLog.entryFor(new WatchdogEvent.Launched(STATUS, Optional.empty(), Optional.empty()), EN))
                .hasValueSatisfying(e -> assertThat(e.eventId()).isEqualTo(WindowsEventLog.APP_LAUNCHED));
        assertThat(WindowsEventLog.entryFor(new WatchdogEvent.Launched(STATUS, Optional.of("file not found"), Optional.empty()), EN))
                .hasValueSatisfying(e -> {
                    assertThat(e.eventId()).isEqualTo(WindowsEventLog.APP_LAUNCH_FAILED);
                    assertThat(e.message()).contains("file not found");
                });
        assertThat(WindowsEventLog.entryFor(new WatchdogEvent.Launched(STATUS, Optional.empty(), Optional.of(failed)), EN))
                .hasValueSatisfying(e -> assertThat(e.eventId()).isEqualTo(WindowsEventLog.APP_LAUNCH_BLOCKED));
        assertThat(WindowsEventLog.entryFor(new WatchdogEvent.StateChanged(STATUS), EN)).isEmpty();
    }

    @Test
    void repeatedIdenticalChecksAreRecordedOnceButKeyArrivalsAlways() {
        ListWriter w = new ListWriter();
        WindowsEventLog logSink = new WindowsEventLog(w, EN, Executors.newSingleThreadExecutor());
        logSink.accept(new WatchdogEvent.Checked(STATUS, result(CheckStatus.OK), false));
        logSink.accept(new WatchdogEvent.Checked(STATUS, result(CheckStatus.OK), false));
        logSink.accept(new WatchdogEvent.Checked(STATUS, result(CheckStatus.OK), true));
        logSink.accept(new WatchdogEvent.Checked(STATUS, result(CheckStatus.FAILED), false));
        logSink.accept(new WatchdogEvent.Checked(STATUS, result(CheckStatus.FAILED), false));
        logSink.accept(new WatchdogEvent.StateChanged(STATUS));
        logSink.restored(journal());
        logSink.close();

        assertThat(w.written).extracting(Written::id).containsExactly(
                WindowsEventLog.CHECK_OK, WindowsEventLog.CHECK_OK, WindowsEventLog.CHECK_FAILED, WindowsEventLog.RESTORED);
        assertThat(w.closed).isTrue();
    }

    @Test
    void aFailingWriterNeverReachesTheCallerAndEventsAfterCloseAreDropped() {
        ListWriter w = new ListWriter();
        w.fail = true;
        WindowsEventLog logSink = new WindowsEventLog(w, EN, Executors.newSingleThreadExecutor());
        logSink.accept(new WatchdogEvent.Checked(STATUS, result(CheckStatus.FAILED), true));
        logSink.close();
        logSink.accept(new WatchdogEvent.Checked(STATUS, result(CheckStatus.OK), true));
        assertThat(w.written).isEmpty();
    }

    @Test
    void overlongMessagesAreCut() {
        ListWriter w = new ListWriter();
        WindowsEventLog logSink = new WindowsEventLog(w, EN, Executors.newSingleThreadExecutor());
        logSink.accept(new WatchdogEvent.Launched(STATUS, Optional.of("x".repeat(40_000)), Optional.empty()));
        logSink.close();
        assertThat(w.written).singleElement().satisfies(x -> assertThat(x.message()).hasSize(WindowsEventLog.MAX_MESSAGE + 3));
    }

    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void writesToTheRealApplicationLog() {
        Optional<Platform.EventLog> opened = WindowsEventLog.open(EN);
        assertThat(opened).isPresent();
        try (Platform.EventLog l = opened.get()) {
            l.accept(new WatchdogEvent.Checked(STATUS, result(CheckStatus.OK), true));
        }
    }
}
