package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.bjca.XtxClients;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import io.keywatch.core.XtxClient;
import io.keywatch.platform.ProcHostFacts;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.SimulatedCause;
import io.keywatch.softkey.SoftkeyDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The doctor against the embedded simulator over a real WebSocket, one cause at a time: it names the
 * cause with the check the simulator says it must, and BJCA is asked nothing outside the read-only list.
 */
class SimulatorCausesTest {
    static final Set<String> CALLED = new HashSet<>();

    @TempDir
    Path work;

    private record Run(DoctorReport report, CheckResult keyCheck) { }

    private Run play(SimulatedCause cause) throws Exception {
        Path bjca = Files.createDirectories(work.resolve("LocalLow/BJCA"));
        try (BjcaSimulator sim = new BjcaSimulator(bjca, "WARD-PC-7")) {
            if (cause == SimulatedCause.SOFTKEY_DB) {
                BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
            }
            sim.start(0);
            int port = sim.webSocketUrl().getPort();
            try (AutoCloseable played = cause.apply(sim);
                 XtxClient client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(2), false)) {
                SoftkeyDb db = SoftkeyDb.inSandbox(bjca.resolve(SoftkeyDb.FILE_NAME), bjca, work.resolve("data"),
                        () -> Optional.of(Instant.parse("2024-01-20T01:30:00Z")), BjcaSimulator::recordedCreation,
                        Clock.systemUTC());
                BjcaEnvironment env = new BjcaEnvironment(client, db, Clock.systemUTC());
                CertCache certs = new CertCache();
                DoctorContext.Builder b = DoctorContext.builder(Messages.of(Locale.ENGLISH, java.time.ZoneId.systemDefault()), env)
                        .host(new ProcHostFacts()).certs(certs)
                        .settings(DoctorSettings.defaults().withServicePort(port))
                        .osInstalled(() -> Optional.of(Instant.parse("2024-01-20T01:30:00Z")))
                        .usb(() -> sim.component().certificates().usbView().stream()
                                .map(k -> new UsbView.Key(k.ids(), k.vendor())).toList());
                DoctorReport report = Doctor.all().run(b.build());
                KeyCauses causes = new KeyCauses(b.build().messages(), certs, ReminderLog.inMemory(),
                        r -> DoctorContext.builder(Messages.of(Locale.ENGLISH, java.time.ZoneId.systemDefault()), env)
                                .host(new ProcHostFacts()).certs(certs).check(r)
                                .settings(DoctorSettings.defaults().withServicePort(port)).build());
                CheckResult keyCheck = env.withCauses(causes).check();
                synchronized (CALLED) {
                    CALLED.addAll(sim.component().calledFunctions());
                }
                return new Run(report, keyCheck);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimulatedCause.class)
    void theDoctorNamesEveryCauseTheSimulatorPlays(SimulatedCause cause) throws Exception {
        Run run = play(cause);
        assertThat(run.report().cause().map(CheckOutcome::id)).as(cause.id() + ": " + run.report().toMap())
                .isEqualTo(cause.checkId());
        int expectedExit = cause.checkId().isEmpty() ? 0
                : cause.checkId().get().equals("bjca.service") ? 3
                : run.report().verdict() == CheckState.FAIL ? 1 : 0;
        assertThat(run.report().exitCode()).isEqualTo(expectedExit);
    }

    @Test
    void theKeyChecksOnAnInsertionNameTheExpiredCertificate() throws Exception {
        Run run = play(SimulatedCause.CERT_EXPIRED);
        assertThat(run.keyCheck().cause().orElseThrow().id()).isEqualTo("cert.validity");
        assertThat(run.keyCheck().cause().get().summary()).contains("expired on");
    }

    @Test
    void aTakenPortIsNamedWithTheProcessHoldingIt() throws Exception {
        Run run = play(SimulatedCause.PORT_TAKEN);
        CheckOutcome o = run.report().get("bjca.service").orElseThrow();
        assertThat(o.details().get("variant")).isEqualTo("portTaken");
        assertThat(o.summary()).contains("pid " + ProcessHandle.current().pid());
    }

    @Test
    void pinLowAndExpiringAreWarningsWithExitZero() throws Exception {
        assertThat(play(SimulatedCause.PIN_LOW).report().verdict()).isEqualTo(CheckState.WARN);
        assertThat(play(SimulatedCause.CERT_EXPIRING).report().exitCode()).isZero();
    }

    @AfterAll
    static void onlyReadOnlyFunctionsWereEverCalled() {
        assertThat(CALLED).isNotEmpty().contains("SOF_ExportUserCert", "SOF_GetCertInfo", "SOF_ValidateCert",
                "SOF_GetPinRetryCount");
        assertThat(ReadOnlyFunctions.ALL).containsAll(CALLED);
    }
}
