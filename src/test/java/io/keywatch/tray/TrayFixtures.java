package io.keywatch.tray;

import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.KeyUser;
import io.keywatch.core.ResetReport;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Realistic check results, as a Windows nursing PC would produce them. */
final class TrayFixtures {
    static final Path DB = Path.of("C:", "Users", "nurse.station01", "AppData", "LocalLow", "BJCA", "bjca_softkey.db");
    static final Instant NOW = Instant.parse("2024-03-01T08:00:00Z");
    static final Instant OS = Instant.parse("2024-01-20T09:00:00Z");
    static final Instant IMAGE = Instant.parse("2023-11-15T10:00:00Z");
    static final Instant PROFILE = Instant.parse("2024-01-21T09:00:00Z");

    /** Names as they appear on certificates: short, long (minority names), Latin. */
    static final List<String> USERS = List.of("张三", "阿卜杜热依木·买买提艾力", "欧阳娜娜", "Zhang San");
    /** Reasons adapters give for UNAVAILABLE / TIMEOUT (system text, not translated). */
    static final List<String> REASONS = List.of(
            "connection refused: ws://127.0.0.1:21051/xtxapp/ (java.net.ConnectException: Connection refused)",
            "no reply to CheckSoftDeviceEnv within 5000 ms",
            "reply is not JSON: <html><body>502 Bad Gateway</body></html>",
            "COM object XTXAppCOM.XTXApp.1 is not registered (0x80040154)");

    private TrayFixtures() {
    }

    static List<Diagnosis> diagnoses() {
        DbFacts old = new DbFacts(DB, true, 8192, Optional.of(IMAGE), Optional.of(IMAGE));
        DbFacts fresh = new DbFacts(DB, true, 8192, Optional.of(NOW), Optional.of(NOW));
        DbFacts noDate = new DbFacts(DB, true, 8192, Optional.empty(), Optional.of(NOW));
        return List.of(
                Diagnosis.of(DbFacts.missing(DB), Optional.of(OS), Optional.of(PROFILE)),
                Diagnosis.of(fresh, Optional.of(OS), Optional.of(PROFILE)),
                Diagnosis.of(noDate, Optional.of(OS), Optional.of(PROFILE)),
                Diagnosis.of(old, Optional.of(OS), Optional.of(PROFILE)),
                Diagnosis.of(new DbFacts(DB, true, 8192, Optional.of(OS.plusSeconds(86400)), Optional.of(NOW)),
                        Optional.empty(), Optional.of(PROFILE.plusSeconds(30 * 86400))),
                Diagnosis.unreadable(old, "C:\\Users\\nurse.station01\\AppData\\LocalLow\\BJCA\\bjca_softkey.db: The "
                        + "process cannot access the file because it is being used by another process.",
                        Optional.of(OS), Optional.of(PROFILE)));
    }

    static Diagnosis carriedOver() {
        return diagnoses().get(3);
    }

    static CheckResult check(CheckStatus status, Diagnosis d, String user, String reason) {
        return new CheckResult(status, d, user == null ? List.of() : List.of(new KeyUser(user, "UserKey/5303201812001784")),
                Optional.of("3.2.1"), "websocket", Optional.ofNullable(reason), NOW);
    }

    static CheckResult ok(String user) {
        return check(CheckStatus.OK, diagnoses().get(1), user, null);
    }

    static CheckResult failed() {
        return check(CheckStatus.FAILED, carriedOver(), "张三", null);
    }

    static WatchdogStatus status(WatchState state, CheckResult last) {
        return new WatchdogStatus(state, last != null, Optional.ofNullable(last), Optional.empty(), NOW);
    }

    static JournalEntry entry() {
        return new JournalEntry("20240301-080000-1", DB.toString(),
                "C:\\Users\\nurse.station01\\AppData\\Local\\KeyWatch\\quarantine\\20240301-080000-1\\bjca_softkey.db",
                8192, Optional.of(IMAGE), Optional.of(IMAGE), "ab".repeat(32), "CheckSoftDeviceEnv false",
                NOW, JournalEntry.MOVED, Optional.empty());
    }

    static ResetReport report(CheckResult recheck) {
        return new ResetReport(entry(), recheck);
    }
}
