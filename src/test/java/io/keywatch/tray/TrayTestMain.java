package io.keywatch.tray;

import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.KeyPresence;
import io.keywatch.core.Messages;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.Watchdog;
import io.keywatch.platform.Autostart;
import io.keywatch.platform.XdgAutostart;
import java.awt.EventQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tray app in a child JVM for {@link TrayUiTest}: the child gets the Xvfb DISPLAY, the test drives it
 * over stdin ("insert 张三", "state?") and reads answers on stdout, each prefixed {@value #PREFIX}.
 * Answers are observations (what the icon shows, which balloons were displayed), never sleeps.
 */
public final class TrayTestMain {
    static final String PREFIX = "KW> ";

    private TrayTestMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path work = Files.createTempDirectory("keywatch-ui");
        // The embedded simulator over a real WebSocket by default; the in-memory fake on request.
        BjcaStandIn bjca = "fake".equals(System.getProperty("keywatch.test.bjca"))
                ? new FakeBjca(Clock.systemUTC()) : new SimulatedBjca(work);
        ExecutorScheduler scheduler = new ExecutorScheduler("watchdog");
        ResetPolicy policy = ResetPolicy.valueOf(System.getProperty("keywatch.resetPolicy", "ASK"));
        TrayRepairPrompt prompt = new TrayRepairPrompt();
        Messages words = Messages.forLanguage(System.getProperty("ui.language", "auto"));
        BjcaEnvironment env = new BjcaEnvironment(bjca.client(), bjca.store(), Clock.systemUTC());
        java.util.concurrent.Callable<io.keywatch.doctor.DoctorReport> doctor = () -> io.keywatch.doctor.Doctor.all()
                .run(DoctorWiring.context(words, env, bjca, new io.keywatch.doctor.CertCache()).build());
        io.keywatch.doctor.KeyCauses causes = DoctorWiring.causes(words, env, bjca);
        Watchdog watchdog = new Watchdog(env.withCauses(causes),
                scheduler, prompt, command -> out.print(PREFIX + "launched " + command + "\n"),
                new Watchdog.Settings(policy, List.of("nursing-app"), Duration.ofMillis(200)));
        watchdog.addListener(causes);
        Messages messages = words;
        TrayActions actions = new TrayActions() {
            @Override
            public Optional<java.util.concurrent.Callable<io.keywatch.doctor.DoctorReport>> runDoctor() {
                return Optional.of(doctor);
            }

            @Override
            public Path logFolder() {
                return work.resolve("logs");
            }

            @Override
            public Optional<Autostart> autostart() {
                return Optional.of(new XdgAutostart(work.resolve("config")));
            }

            @Override
            public List<String> autostartCommand() {
                return List.of("keywatch", "tray");
            }

            @Override
            public String version() {
                return "0.1.0-test";
            }

            @Override
            public void exit() {
                out.println(PREFIX + "exit");
                System.exit(0);
            }
        };
        watchdog.followConnection(); // as TrayRun: a lost service takes the icon off OK
        TrayApp app = new TrayApp(watchdog, messages, actions, prompt);
        List<TrayApp.Shown> shown = new CopyOnWriteArrayList<>();
        app.addShownListener(shown::add);
        app.start();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println(PREFIX + "ready");
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.strip().split(" ", 2);
            String arg = w.length > 1 ? w[1] : "";
            String reply;
            try {
                reply = switch (w[0]) {
                    case "insert" -> {
                        bjca.insertKey(arg.isEmpty() ? "张三" : arg);
                        watchdog.keyChanged(KeyPresence.PRESENT, "test");
                        yield "ok";
                    }
                    case "remove" -> {
                        bjca.removeKey();
                        watchdog.keyChanged(KeyPresence.ABSENT, "test");
                        yield "ok";
                    }
                    case "cause" -> {
                        io.keywatch.sim.SimulatedCause.byId(arg).orElseThrow()
                                .apply(((SimulatedBjca) bjca).simulator());
                        yield "ok";
                    }
                    case "doctor" -> {
                        EventQueue.invokeLater(app::openDoctor);
                        yield "ok";
                    }
                    case "doctor?" -> "doctor " + onEdt(() -> app.doctorWindow()
                            .map(win -> win.report().map(r -> "ready " + r.cause().map(c -> c.id()).orElse("none"))
                                    .orElse("running")).orElse("closed"));
                    case "carryover" -> {
                        bjca.carryOverDb();
                        yield "ok";
                    }
                    case "service" -> {
                        bjca.serviceUp(arg.equals("up"));
                        yield "ok";
                    }
                    case "checknow" -> {
                        EventQueue.invokeLater(app::checkNow);
                        yield "ok";
                    }
                    case "show" -> {
                        app.showStatus();
                        yield "ok";
                    }
                    case "state?" -> "state " + app.shownState() + " inTray=" + app.inTray()
                            + " watchdog=" + watchdog.status().state();
                    case "checks?" -> "checks " + watchdog.checksRun().get();
                    case "balloons?" -> "balloons " + shown.size();
                    case "balloon?" -> {
                        int i = Integer.parseInt(arg);
                        TrayApp.Shown s = i < shown.size() ? shown.get(i) : null;
                        yield s == null ? "balloon none" : "balloon " + s.inTray() + " " + s.balloon().kind() + " "
                                + s.balloon().title() + " | " + s.balloon().text();
                    }
                    case "dialog?" -> "dialog " + onEdt(app::dialogShowing);
                    case "button?" -> onEdt(() -> app.dialogButton(RepairChoice.valueOf(arg)))
                            .map(p -> "button " + p.x + " " + p.y).orElse("button none");
                    case "button-in-dialog?" -> onEdt(() -> app.dialogButtonInDialog(RepairChoice.valueOf(arg)))
                            .map(p -> "button " + p.x + " " + p.y).orElse("button none");
                    case "font?" -> {
                        // Every menu label must be drawable with the menu's logical font (CJK glyphs on X11).
                        StringBuilder all = new StringBuilder();
                        for (String key : List.of("tray.menu.checkNow", "tray.menu.repair", "tray.menu.launch",
                                "tray.menu.undo", "tray.menu.autostart", "tray.menu.logs", "tray.menu.about",
                                "tray.menu.exit", "tray.state.OK", "tray.state.FAILED")) {
                            all.append(messages.get(key));
                        }
                        yield "font " + TrayMenu.MENU_FONT.getFamily() + " " + TrayMenu.MENU_FONT.canDisplayUpTo(all.toString());
                    }
                    case "races?" -> "races " + UncaughtExceptions.trayRaces();
                    case "searching?" -> "searching " + onEdt(app::searchingForTray);
                    case "quit" -> {
                        app.close();
                        scheduler.close();
                        out.println(PREFIX + "bye");
                        System.exit(0);
                        yield "bye";
                    }
                    default -> "error unknown command " + w[0];
                };
            } catch (Exception e) {
                reply = "error " + e;
            }
            out.print(PREFIX + reply + "\n"); // one write: another thread's log line cannot split it
        }
        app.close();
        scheduler.close();
        System.exit(0);
    }

    private static <T> T onEdt(java.util.function.Supplier<T> s) throws Exception {
        AtomicReference<T> r = new AtomicReference<>();
        EventQueue.invokeAndWait(() -> r.set(s.get()));
        return r.get();
    }

}
