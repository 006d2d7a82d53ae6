package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.bjca.XtxClients;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.Cause;
import io.keywatch.core.KeyPresence;
import io.keywatch.core.ManualScheduler;
import io.keywatch.core.Messages;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.XtxClient;
import io.keywatch.platform.ProcHostFacts;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.softkey.SoftkeyDb;
import io.keywatch.tray.Balloon;
import io.keywatch.tray.TrayTexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tray's wiring of the two-step check against the simulator over a real WebSocket, with the real
 * doctor: a key whose certificate expired turns the status OK before BJCA is asked for any certificate,
 * and the balloon, which comes after, names the expired certificate.
 */
class KeyCauseStepsSimulatorTest {
    private static final List<String> CERTIFICATE_CALLS = List.of("SOF_ExportUserCert", "SOF_GetCertInfo",
            "SOF_ValidateCert", "SOF_GetPinRetryCount");
    private static final String SERIAL = "5303999900000001";

    @TempDir
    Path work;

    private record Seen(WatchdogEvent event, Map<String, Integer> certificateCallsBefore) { }

    private static Map<String, Integer> certificateCalls(BjcaSimulator sim) {
        return CERTIFICATE_CALLS.stream().collect(Collectors.toMap(f -> f, sim::calls));
    }

    @Test
    void theStatusComesBeforeAnyCertificateCallAndTheBalloonNamesTheCause() throws Exception {
        Path bjca = Files.createDirectories(work.resolve("LocalLow/BJCA"));
        Messages m = Messages.of(Locale.ENGLISH, ZoneId.systemDefault());
        ManualScheduler scheduler = new ManualScheduler(Instant.now());
        try (BjcaSimulator sim = new BjcaSimulator(bjca, "WARD-PC-7").start();
             XtxClient client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(5), false)) {
            var certs = sim.component().certificates();
            Instant now = Instant.now();
            certs.set(SERIAL, certs.healthy().withValidity(now.minusSeconds(86400L * 700),
                    now.minusSeconds(86400L * 11)).withValidate(-2));
            sim.insertKey("张三", SERIAL);
            SoftkeyDb db = SoftkeyDb.inSandbox(bjca.resolve(SoftkeyDb.FILE_NAME), bjca, work.resolve("data"),
                    () -> Optional.of(Instant.parse("2024-01-20T01:30:00Z")), BjcaSimulator::recordedCreation,
                    Clock.systemUTC());
            BjcaEnvironment env = new BjcaEnvironment(client, db, Clock.systemUTC());
            CertCache cache = new CertCache();
            KeyCauses causes = new KeyCauses(m, cache, ReminderLog.inMemory(), r -> DoctorContext.builder(m, env)
                    .host(new ProcHostFacts()).certs(cache).check(r)
                    .settings(DoctorSettings.defaults().withServicePort(sim.webSocketUrl().getPort()))
                    .usb(() -> sim.component().certificates().usbView().stream()
                            .map(k -> new UsbView.Key(k.ids(), k.vendor())).toList())
                    .build());
            Watchdog w = new Watchdog(env.withCauses(causes), scheduler, failed -> new CompletableFuture<>(),
                    cmd -> { }, new Watchdog.Settings(ResetPolicy.NEVER, List.of(), Duration.ofMillis(50)));
            List<Seen> seen = new ArrayList<>();
            w.addListener(e -> seen.add(new Seen(e, certificateCalls(sim))));

            w.keyChanged(KeyPresence.PRESENT, "usb");
            scheduler.runNext();
            assertThat(w.status().state()).isEqualTo(WatchState.OK);
            Seen ok = seen.stream().filter(s -> s.event().status().state() == WatchState.OK).findFirst().orElseThrow();
            assertThat(ok.event()).isInstanceOf(WatchdogEvent.StateChanged.class);
            assertThat(ok.certificateCallsBefore()).as("certificate calls before the status was published")
                    .allSatisfy((f, n) -> assertThat(n).as(f).isZero());
            assertThat(sim.checkCalls()).isEqualTo(1);

            scheduler.runPending();
            Seen last = seen.get(seen.size() - 1);
            assertThat(last.certificateCallsBefore().get("SOF_ExportUserCert")).isPositive();
            WatchdogEvent.Checked checked = (WatchdogEvent.Checked) last.event();
            Cause cause = checked.result().cause().orElseThrow();
            assertThat(cause.id()).isEqualTo("cert.validity");
            assertThat(cause.level()).isEqualTo(Cause.Level.FAIL);
            Balloon balloon = new TrayTexts(m).forEvent(checked).orElseThrow();
            assertThat(balloon.kind()).isEqualTo(Balloon.Kind.ERROR);
            assertThat(balloon.text()).contains(cause.summary());
            assertThat(TrayTexts.iconState(w.status())).as("a failing cause turns the icon red after")
                    .isEqualTo(WatchState.FAILED);
            assertThat(sim.checkCalls()).as("the cause step asks no second CheckSoftDeviceEnv").isEqualTo(1);
        }
    }
}
