package io.keywatch.cli;

import io.keywatch.bjca.XtxClients;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.CheckResult;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.core.XtxClient;
import io.keywatch.doctor.CertCache;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.Doctor;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.doctor.DoctorReport;
import io.keywatch.doctor.DoctorSettings;
import io.keywatch.doctor.KeyCauses;
import io.keywatch.doctor.ReminderLog;
import io.keywatch.doctor.UsbView;
import io.keywatch.platform.ProcHostFacts;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.SimulatedCause;
import io.keywatch.softkey.SoftkeyDb;
import io.keywatch.tray.Balloon;
import io.keywatch.tray.TrayTexts;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code demo --cause ID}: one cause of "no key detected" end to end against the simulator — the key
 * goes in, the balloon names the cause in a sentence, the doctor's full report says what the nurse
 * and IT do, the fix is played (KeyWatch's own reset for the softkey db, IT's action for the rest),
 * and the doctor finds nothing any more. Exit 0 when the cause was named and gone after the fix.
 */
final class CauseDemo {
    private final Messages m;
    private final PrintStream story;
    private final SimulatedCause cause;
    private final int port;

    CauseDemo(Messages m, PrintStream story, SimulatedCause cause, int port) {
        this.m = m;
        this.story = story;
        this.cause = cause;
        this.port = port;
    }

    int run(Path sandbox) throws Exception {
        Path bjca = Files.createDirectories(sandbox.resolve("AppData").resolve("LocalLow").resolve("BJCA"));
        try (BjcaSimulator sim = new BjcaSimulator(bjca, "NURSE-PC-0815")) {
            if (cause == SimulatedCause.SOFTKEY_DB) {
                BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER-PC", DemoCommand.IMAGE_BUILT);
            }
            sim.start(port);
            int servicePort = sim.webSocketUrl().getPort();
            say(m.get("demo.cause.intro", cause.id(), cause.checkId().orElse("-")));
            AutoCloseable played = cause.apply(sim);
            try (XtxClient client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(3), false)) {
                SoftkeyDb db = SoftkeyDb.inSandbox(bjca.resolve(SoftkeyDb.FILE_NAME), bjca, sandbox.resolve("KeyWatch"),
                        () -> Optional.of(DemoCommand.PC_INSTALLED), BjcaSimulator::recordedCreation, Clock.systemUTC());
                BjcaEnvironment env = new BjcaEnvironment(client, db, Clock.systemUTC());
                CertCache certs = new CertCache();
                DoctorSettings settings = DoctorSettings.defaults().withServicePort(servicePort);
                UsbView usb = () -> sim.component().certificates().usbView().stream()
                        .map(k -> new UsbView.Key(k.ids(), k.vendor())).toList();
                java.util.function.Supplier<DoctorContext.Builder> context = () -> DoctorContext.builder(m, env)
                        .host(new ProcHostFacts()).usb(usb).certs(certs).settings(settings)
                        .osInstalled(() -> Optional.of(DemoCommand.PC_INSTALLED));
                KeyCauses causes = new KeyCauses(m, certs, ReminderLog.inMemory(), r -> context.get().check(r).build());

                say(m.get("demo.cause.insert", SimulatedCause.USER));
                CheckResult inserted = env.withCauses(causes).check();
                Balloon b = new TrayTexts(m).forCheck(inserted);
                say(m.get("demo.cause.balloon", b.title(), b.text()));
                say(m.get("demo.cause.status", inserted.cause().map(c -> c.id()).orElse("null")));

                DoctorReport before = Doctor.all().run(context.get().build());
                print(before);
                Optional<String> named = before.cause().map(CheckOutcome::id);
                boolean right = named.equals(cause.checkId());
                say(m.get(right ? "demo.cause.named" : "demo.cause.notNamed", named.orElse("-"),
                        cause.checkId().orElse("-")));

                say(m.get("demo.cause.fix." + cause.id()));
                if (cause == SimulatedCause.SOFTKEY_DB) {
                    env.reset("demo --cause softkey-db");
                } else {
                    cause.fix(sim, played);
                }
                certs.clear();
                DoctorReport after = Doctor.all().run(context.get().build());
                say(m.get("demo.cause.after", m.get("doctor.state." + after.verdict().name()),
                        after.cause().map(CheckOutcome::summary).orElse(m.get("cli.doctor.allGood"))));
                return right && after.verdict() != CheckState.FAIL ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            } finally {
                played.close();
            }
        }
    }

    private void print(DoctorReport r) {
        say(m.get("demo.cause.doctor"));
        for (int i = 0; i < r.checks().size(); i++) {
            CheckOutcome c = r.checks().get(i);
            if (c.status() == CheckState.SKIPPED) {
                continue;
            }
            say("  " + m.get("cli.doctor.line", m.get("doctor.state." + c.status().name()), c.id(), c.summary()));
            if (c.status() == CheckState.FAIL || c.status() == CheckState.WARN) {
                say("  " + m.get("cli.doctor.action", r.actions().get(i)));
            }
        }
    }

    private void say(String line) {
        story.println(line);
    }
}
