package io.keywatch.cli;

import io.keywatch.softkey.SoftkeyDb;
import io.keywatch.bjca.XtxClients;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.XtxClient;
import io.keywatch.fleet.FleetEvents;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.NursingAppStandIn;
import io.keywatch.tray.TrayApp;
import io.keywatch.tray.TrayRepairPrompt;
import io.keywatch.usb.BjcaKeyEvents;
import io.keywatch.usb.KeyEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keywatch demo}: the incident and its fix, end to end, in a sandbox. A real simulator
 * (WebSocket on loopback) plays BJCA with a {@code bjca_softkey.db} carried over from the machine
 * the image was built on; a virtual key is inserted; the watchdog checks, explains, resets (with
 * the user's consent, or unattended without a terminal), checks again and starts a stand-in
 * nursing app. Nothing outside the sandbox folder is touched.
 */
@Command(name = "demo", mixinStandardHelpOptions = true)
final class DemoCommand extends BaseCommand implements Callable<Integer> {
    /** The demo's story dates: the image was built in November, this PC installed in January. */
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T02:00:00Z");
    static final Instant PC_INSTALLED = Instant.parse("2024-01-20T01:30:00Z");

    static final Duration TRAY_LINGER = Duration.ofSeconds(6);

    @Option(names = "--port", defaultValue = "0")
    int port;

    @Option(names = "--keep-sandbox")
    boolean keepSandbox;

    @Option(names = "--timeout", defaultValue = "60")
    int timeoutSeconds;

    @Option(names = "--cause", paramLabel = "ID")
    String cause;

    /** The longer story: BJCA rebuilds its environment only once its certificate assistant has run. */
    @Option(names = "--assistant-needed")
    boolean assistantNeeded;

    private PrintStream story;
    private DemoAssistantStory assistantStory;

    @Override
    public Integer call() throws Exception {
        Messages m = ctx().messages();
        story = Main.stdout();
        if (cause != null) {
            return causeStory(m);
        }
        Path sandbox = Files.createTempDirectory("keywatch-demo-");
        Path bjcaFolder = sandbox.resolve("AppData").resolve("LocalLow").resolve("BJCA");
        Path dataDir = sandbox.resolve("KeyWatch");
        Files.createDirectories(bjcaFolder);
        try (BjcaSimulator sim = new BjcaSimulator(bjcaFolder, "NURSE-PC-0815");
             ExecutorScheduler scheduler = new ExecutorScheduler("keywatch-watchdog");
             FleetEvents events = ctx().fleetEvents()) {
            BjcaSimulator.writeForeignDb(bjcaFolder, "IMAGE-BUILDER-PC", IMAGE_BUILT);
            if (assistantNeeded) {
                sim.rebuild(io.keywatch.sim.DbRebuild.ASSISTANT);
            }
            sim.start(port);
            say(m.get("demo.intro"));
            say(m.get("demo.sandbox", sandbox));
            say(m.get("demo.simulator", sim.webSocketUrl()));
            say(m.get("demo.image", m.date(IMAGE_BUILT), m.date(PC_INSTALLED)));
            if (assistantNeeded) {
                say(m.get("demo.assistant.setting"));
            }

            try (XtxClient client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(5), false)) {
                SoftkeyDb db = SoftkeyDb.inSandbox(bjcaFolder.resolve(SoftkeyDb.FILE_NAME), bjcaFolder, dataDir,
                        () -> Optional.of(PC_INSTALLED), BjcaSimulator::recordedCreation, Clock.systemUTC());
                BufferedReader terminal = System.console() == null ? null
                        : new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
                CompletableFuture<Integer> finished = new CompletableFuture<>();
                ConsolePrompt console = new ConsolePrompt(m, story, terminal, RepairChoice.REPAIR_AND_LAUNCH,
                        RepairChoice.REPAIR_AND_LAUNCH, false);
                Watchdog watchdog = new Watchdog(new BjcaEnvironment(client, db, Clock.systemUTC()), scheduler,
                        failed -> console.offerRepair(failed).whenComplete((choice, err) -> {
                            if (choice == RepairChoice.CANCEL) { // nothing else will happen: the story ends here
                                say(m.get("cli.reset.cancelled"));
                                finished.complete(ExitCodes.CHECK_FAILED);
                            }
                        }), DemoCommand::runStandIn, new Watchdog.Settings(ResetPolicy.ASK,
                        standInCommand(m), Duration.ofMillis(300)));

                if (assistantNeeded) {
                    assistantStory = new DemoAssistantStory(m, story, watchdog, sim, terminal, finished,
                            Duration.ofSeconds(timeoutSeconds));
                }
                watchdog.addListener(ev -> narrate(m, ev, finished));
                watchdog.addListener(events);
                // Where a tray is available the story shows there too (icon, balloons); else the console only.
                TrayApp tray = trayIfAvailable(watchdog, m);
                // The BJCA service's push is the key source here: no USB device exists in the demo.
                KeyEvents subscription = new KeyEvents(watchdog, List.of(new BjcaKeyEvents(client)));
                subscription.start();
                // Wait until the push channel is up, so the insertion below is not missed.
                client.version();
                if (!sim.awaitWebSocketSessions(1, Duration.ofSeconds(5))) {
                    say(m.get("demo.noSession"));
                    return ExitCodes.UNAVAILABLE;
                }

                say(m.get("demo.insert", "张三"));
                sim.insertKey("张三", "5303201812001784");
                try {
                    int rc = finished.get(timeoutSeconds, TimeUnit.SECONDS);
                    say(m.get(rc != 0 ? "demo.failed" : assistantNeeded ? "demo.done.assistant" : "demo.done"));
                    if (tray != null) {
                        // Presentation, not synchronisation: leave the final icon and balloon on screen a moment.
                        say(m.get("demo.trayLinger", TRAY_LINGER.toSeconds()));
                        Thread.sleep(TRAY_LINGER.toMillis());
                    }
                    return rc;
                } catch (TimeoutException e) {
                    say(m.get("demo.timeout", timeoutSeconds));
                    return ExitCodes.TIMEOUT;
                } finally {
                    subscription.close();
                    if (tray != null) {
                        tray.close();
                    }
                }
            }
        } finally {
            closeContext();
            if (!keepSandbox) {
                deleteTree(sandbox);
            }
        }
    }

    /** {@code --cause ID}: one cause's story ({@link CauseDemo}); an unknown id is a usage error naming the accepted ones. */
    private int causeStory(Messages m) throws Exception {
        Optional<io.keywatch.sim.SimulatedCause> c = io.keywatch.sim.SimulatedCause.byId(cause);
        if (c.isEmpty()) {
            err().println(m.get("demo.cause.unknown", cause, io.keywatch.sim.SimulatedCause.ids()));
            closeContext();
            return ExitCodes.USAGE;
        }
        Path sandbox = Files.createTempDirectory("keywatch-demo-");
        try {
            return new CauseDemo(m, story, c.get(), port).run(sandbox);
        } finally {
            closeContext();
            if (!keepSandbox) {
                deleteTree(sandbox);
            }
        }
    }

    private void narrate(Messages m, WatchdogEvent ev, CompletableFuture<Integer> finished) {
        if (ev instanceof WatchdogEvent.StateChanged s && s.status().state() == WatchState.CHECKING) {
            say(m.get("demo.checking"));
        } else if (ev instanceof WatchdogEvent.Checked c) {
            say("  " + m.summary(c.result()));
            if (c.result().status() == CheckStatus.UNAVAILABLE || c.result().status() == CheckStatus.TIMEOUT) {
                finished.complete(c.result().status().exitCode());
            }
        } else if (ev instanceof WatchdogEvent.Repaired r) {
            say(m.get("demo.moved", r.report().entry().id(), r.report().entry().sha256().substring(0, 12)));
            say(m.get(assistantStory == null ? "demo.rechecked" : "demo.assistant.rechecked"));
            say("  " + m.summary(r.report().recheck()));
            if (assistantStory != null) {
                assistantStory.afterRepair(r.report());
            }
        } else if (ev instanceof WatchdogEvent.RepairFailed f) {
            say(m.get("cli.reset.refused", m.refusal(f.reason(), f.message())));
            finished.complete(ExitCodes.FILE_ERROR);
        } else if (ev instanceof WatchdogEvent.Launched l && assistantStory != null) {
            assistantStory.launched(l); // the assistant's story tells the end
        } else if (ev instanceof WatchdogEvent.Launched l) {
            if (l.started()) {
                say(m.get("demo.launched"));
                finished.complete(ExitCodes.OK);
            } else {
                say(m.get("cli.launch.blocked"));
                finished.complete(l.blockedBy().map(r -> r.status().exitCode()).orElse(ExitCodes.USAGE));
            }
        }
    }

    /** A tray app for the demo's watchdog, or null where there is no tray (headless, no tray host). */
    private TrayApp trayIfAvailable(Watchdog watchdog, Messages m) {
        if (java.awt.GraphicsEnvironment.isHeadless() || !java.awt.SystemTray.isSupported()) {
            return null;
        }
        // The demo ends by itself: the tray's exit item has nothing to stop.
        TrayApp tray = new TrayApp(watchdog, m, new CliTrayActions(Path.of(System.getProperty("java.io.tmpdir")),
                Optional::empty, () -> { }, Optional.empty()), new TrayRepairPrompt());
        tray.start();
        say(m.get("demo.tray"));
        return tray;
    }

    private void say(String line) {
        story.println(line);
    }

    /** The stand-in runs with this very JVM and class path: harmless, and present on every machine. */
    private static List<String> standInCommand(Messages m) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Dkeywatch.language=" + m.locale().getLanguage(), "-cp",
                System.getProperty("java.class.path"), NursingAppStandIn.class.getName(), "--user", "张三");
    }

    /** The demo waits for the stand-in and shows its output, so the story ends with its line. */
    private static void runStandIn(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroy();
                throw new IOException("stand-in did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp folder is harmless; the OS cleans it.
        }
    }
}
