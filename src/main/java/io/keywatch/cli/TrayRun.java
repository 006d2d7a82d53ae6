package io.keywatch.cli;

import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.SessionEvents;
import io.keywatch.core.Watchdog;
import io.keywatch.fleet.FleetEvents;
import io.keywatch.platform.InstanceChannelStatus;
import io.keywatch.platform.SingleInstance;
import io.keywatch.tray.TrayActions;
import io.keywatch.tray.TrayApp;
import io.keywatch.tray.TrayRepairPrompt;
import io.keywatch.usb.KeyEvents;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray app's run, shared by {@code keywatch tray} (through picocli) and the login start, which
 * comes here straight from {@link Main#main} without picocli: the tray runs all day on every nursing
 * PC, and picocli's ~200 classes (not archivable by AppCDS) cost start-up time and resident memory
 * for a command line that is, at login, always the same.
 */
final class TrayRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrayRun.class);

    private TrayRun() {
    }

    /**
     * A tray start from {@link Main#main}: loads the configuration as the commands do, then runs. The
     * console level ({@code -v}) is set by the caller, before this class's logger starts Logback.
     */
    static int fromMain(TrayStart args, PrintWriter out, PrintWriter err) {
        AppContext ctx;
        try {
            ctx = AppContext.loadForTray(args.configFile());
        } catch (AppContext.ConfigFileMissing e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        try (ctx) {
            ctx.problems().forEach(err::println);
            return run(ctx, out);
        } catch (Exception e) {
            err.println(ctx.messages().get("cli.internalError", String.valueOf(e)));
            LOG.debug("tray failed", e);
            return ExitCodes.USAGE;
        }
    }

    /**
     * Runs the tray until Exit; a second start hands over to the running instance, which shows its
     * status, and returns 0. The caller closes {@code ctx}.
     */
    static int run(AppContext ctx, PrintWriter out) throws Exception {
        Path dataDir = ctx.dataDir();
        Optional<SingleInstance> instance = SingleInstance.acquire(dataDir);
        if (instance.isEmpty()) {
            boolean shown = SingleInstance.handOver(dataDir, Duration.ofSeconds(5));
            out.println(ctx.messages().get(shown ? "cli.tray.handedOver" : "cli.tray.otherInstance"));
            return ExitCodes.OK;
        }
        CountDownLatch exit = new CountDownLatch(1);
        try (SingleInstance single = instance.get();
             ExecutorScheduler scheduler = new ExecutorScheduler("keywatch-watchdog")) {
            TrayRepairPrompt prompt = new TrayRepairPrompt();
            // The doctor's key checks on every insertion: the check carries its cause (balloon, status, fleet).
            java.util.concurrent.atomic.AtomicReference<KeyEvents> keySources = new java.util.concurrent.atomic.AtomicReference<>();
            // Set once started, for keywatch.self (this tray's own resume/unlock source).
            java.util.concurrent.atomic.AtomicReference<SessionEvents> sessionEvents =
                    new java.util.concurrent.atomic.AtomicReference<>();
            // Built at the first check, not before the icon: the doctor's classes are not on the start's path.
            io.keywatch.core.BjcaEnvironment env = ctx.environment();
            LazyDoctor doctor = new LazyDoctor(ctx, () -> trayFacts(keySources.get(), sessionEvents.get()), env);
            Watchdog watchdog = new Watchdog(env.withCauses(doctor), scheduler, prompt,
                    ctx.platform().launcher(ctx.config().nursingAppWorkingDir()),
                    new Watchdog.Settings(ctx.config().resetPolicy(), ctx.config().nursingAppCommand(),
                            ctx.config().keySettle()));
            // The icon first (the nurse sees KeyWatch at once); the log file, fleet events and key sources follow.
            watchdog.addListener(doctor);
            TrayApp app = new TrayApp(watchdog, ctx.messages(), actions(ctx, exit, doctor), prompt);
            // Made when a repair first needs it: the assistant's classes stay off the idle tray's path (a
            // class, not a lambda: linking a lambda resolves its type, which would load TrayAssistant).
            app.assistantStep(new java.util.function.Supplier<io.keywatch.tray.TrayAssistant>() {
                @Override
                public io.keywatch.tray.TrayAssistant get() {
                    return new io.keywatch.tray.TrayAssistant(watchdog, ctx.messages(), ctx.assistantPath());
                }
            });
            app.start();
            // After the icon (the login start is timed to it); a reset the watchdog makes recovers first anyway.
            ctx.recoverInterrupted();
            Logging.toFile(ctx.logDir());
            ctx.problems().forEach(p -> LOG.warn("{}", p));
            LOG.info("KeyWatch {} starting (platform {}, data {})", VersionProvider.version(),
                    ctx.platform().name(), dataDir);
            // Every check, reset and restore goes to the log, the Windows Event Log and syslog (if configured).
            try (FleetEvents events = ctx.fleetEvents()) {
                watchdog.addListener(events);
                serveStatus(single, watchdog, app);
                // Never a stale icon: connection loss and return, resume from sleep, session unlock.
                try (AutoCloseable connection = watchdog.followConnection();
                     SessionEvents session = ctx.platform().sessionEvents();
                     KeyEvents keys = KeySources.start(ctx.config().extraKeys(), ctx.messages(), ctx.client(),
                        watchdog)) {
                    keySources.set(keys);
                    sessionEvents.set(session);
                    LOG.info("resume/unlock notifications: {}", session.start(watchdog::sessionChanged)
                            ? session.name() : "none on this platform");
                    exit.await();
                }
            } finally {
                app.close();
            }
            LOG.info("KeyWatch stopped");
            return ExitCodes.OK;
        }
    }

    /** {@code keywatch status} and a second start's hand-over; without them the tray still watches. */
    private static void serveStatus(SingleInstance single, Watchdog watchdog, TrayApp app) {
        try {
            single.serve(InstanceChannelStatus.handler(watchdog::status, app::showStatus));
        } catch (IOException e) {
            LOG.warn("no status channel ('keywatch status' and a second start cannot reach this tray): {}",
                    e.toString());
        }
    }

    private static TrayActions actions(AppContext ctx, CountDownLatch exit,
                                       java.util.concurrent.Callable<io.keywatch.doctor.DoctorReport> doctor) {
        return new CliTrayActions(ctx.logDir(), () -> Optional.of(ctx.platform().autostart()), exit::countDown,
                Optional.of(DiagnoseCommand.exporter(ctx)), Optional.of(doctor));
    }

    /**
     * The doctor: its key checks, made on first use (the watchdog's first key check), then shared, and
     * the doctor window's full run. A class rather than lambdas: a lambda's type names its classes,
     * and would load DoctorSetup and DoctorReport into the idle tray.
     */
    static final class LazyDoctor implements io.keywatch.core.CauseFinder,
            java.util.function.Consumer<io.keywatch.core.WatchdogEvent>,
            java.util.concurrent.Callable<io.keywatch.doctor.DoctorReport> {
        private final AppContext ctx;
        private final java.util.function.Supplier<java.util.Map<String, Object>> selfFacts;
        private final io.keywatch.core.BjcaEnvironment env;
        private DoctorSetup setup;
        private io.keywatch.doctor.KeyCauses causes;

        LazyDoctor(AppContext ctx, java.util.function.Supplier<java.util.Map<String, Object>> selfFacts,
                   io.keywatch.core.BjcaEnvironment env) {
            this.ctx = ctx;
            this.selfFacts = selfFacts;
            this.env = env;
        }

        synchronized DoctorSetup setup() {
            if (setup == null) {
                setup = new DoctorSetup(ctx, io.keywatch.platform.HostFacts.forThisMachine(), DoctorSetup.usbView(ctx),
                        selfFacts);
            }
            return setup;
        }

        /** The doctor window: every check, with a fresh certificate cache. */
        @Override
        public io.keywatch.doctor.DoctorReport call() {
            return io.keywatch.doctor.Doctor.all().run(setup().context(env, new io.keywatch.doctor.CertCache()).build());
        }

        private synchronized io.keywatch.doctor.KeyCauses causes() {
            if (causes == null) {
                causes = setup().keyCauses(env);
            }
            return causes;
        }

        @Override
        public Optional<io.keywatch.core.Cause> find(io.keywatch.core.CheckResult result) {
            return causes().find(result);
        }

        @Override
        public void accept(io.keywatch.core.WatchdogEvent ev) {
            io.keywatch.doctor.KeyCauses c;
            synchronized (this) {
                c = causes;
            }
            if (c != null) {
                c.accept(ev);
            }
        }
    }

    /**
     * For keywatch.self: which key sources run in this tray (device notifications, libusb, BJCA's
     * push) and how its resume/unlock source is doing (this tray's own, started one).
     */
    private static java.util.Map<String, Object> trayFacts(KeyEvents keys, SessionEvents session) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("trayRunning", true);
        if (keys != null) {
            m.put("keySources", String.valueOf(keys.runningSources()));
        }
        if (session != null) {
            m.putAll(DoctorSetup.sessionEventFacts(session));
        }
        return m;
    }
}
