package io.keywatch.cli;

import io.keywatch.assistant.AssistantLocator;
import io.keywatch.assistant.AssistantPath;
import io.keywatch.assistant.AssistantTexts;
import io.keywatch.core.CheckResult;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.core.ResetReport;
import io.keywatch.core.Watchdog;
import io.keywatch.platform.PlainAssistantStarter;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.SimulatedAssistant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's longer story ({@code demo --assistant-needed}): the simulated BJCA rebuilds its environment
 * only once its certificate assistant has run, so the reset's re-check still fails; KeyWatch explains,
 * offers the assistant (here the simulator's stand-in, a separate process), notices the fresh db, checks
 * again and starts the nursing app. Owns the story's end from the failed re-check on.
 */
final class DemoAssistantStory {
    private final Messages m;
    private final PrintStream story;
    private final Watchdog watchdog;
    private final BufferedReader terminal;
    private final CompletableFuture<Integer> finished;
    private final AssistantPath path;
    private final java.util.concurrent.atomic.AtomicReference<io.keywatch.core.WatchdogEvent.Launched> launched =
            new java.util.concurrent.atomic.AtomicReference<>();

    DemoAssistantStory(Messages m, PrintStream story, Watchdog watchdog, BjcaSimulator sim, BufferedReader terminal,
                       CompletableFuture<Integer> finished, Duration limit) {
        this.m = m;
        this.story = story;
        this.watchdog = watchdog;
        this.terminal = terminal;
        this.finished = finished;
        List<String> standIn = SimulatedAssistant.command(sim.bjcaFolder(), sim.machineId(), m.locale().getLanguage());
        // As a site's bjca.assistantCommand would name it; the stand-in's line shows in the story.
        this.path = new AssistantPath(() -> new AssistantLocator.Found(standIn, "config"),
                new PlainAssistantStarter(true), sim.dbFile(), limit);
    }

    /** The launch after the re-check (watchdog thread, before that re-check's future completes). */
    void launched(io.keywatch.core.WatchdogEvent.Launched ev) {
        launched.set(ev);
    }

    /** After the reset (watchdog thread): when the re-check still fails, the story goes on on its own thread. */
    void afterRepair(ResetReport report) {
        CheckResult recheck = report.recheck();
        if (AssistantPath.nextStep(recheck) != AssistantPath.NextStep.START_ASSISTANT) {
            if (!recheck.ok()) {
                finished.complete(recheck.status().exitCode());
            }
            return;
        }
        Thread t = new Thread(() -> run(recheck), "demo-assistant");
        t.setDaemon(true);
        t.start();
    }

    private void run(CheckResult failed) {
        try {
            say(">> " + AssistantTexts.situation(m, failed));
            say(">> " + AssistantTexts.offer(m, path.lookup()));
            if (!consent()) {
                say(m.get("assistant.cli.hint"));
                finished.complete(ExitCodes.CHECK_FAILED);
                return;
            }
            AssistantPath.Outcome o = path.run(() -> watchdog.recheckAfterRebuild(true).join(),
                    new AssistantPath.Listener() {
                        @Override
                        public void starting(List<String> command) {
                            say(m.get("demo.assistant.starting"));
                        }

                        @Override
                        public void waiting(Duration limit) {
                            say(">> " + m.get("assistant.cli.waiting", limit.toSeconds()));
                        }

                        @Override
                        public void noticed(AssistantPath.Trigger trigger, OptionalInt exitCode) {
                            say(">> " + m.get(trigger == AssistantPath.Trigger.DB_APPEARED ? "assistant.cli.noticed.db"
                                    : "assistant.cli.noticed.exit"));
                        }
                    });
            say(">> " + AssistantTexts.outcome(m, o, path.limit()));
            io.keywatch.core.WatchdogEvent.Launched l = launched.get();
            if (o.ok() && l != null && l.started()) {
                say(m.get("demo.launched"));
                finished.complete(ExitCodes.OK);
            } else if (o.ok()) {
                say(m.get("cli.launch.error", l == null ? "?" : l.error().orElse("?")));
                finished.complete(ExitCodes.USAGE);
            } else {
                finished.complete(o.check().map(c -> c.status().exitCode()).orElse(ExitCodes.CHECK_FAILED));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.complete(ExitCodes.CHECK_FAILED);
        } catch (RuntimeException e) {
            say(m.get("cli.internalError", String.valueOf(e)));
            finished.complete(ExitCodes.CHECK_FAILED);
        }
    }

    private boolean consent() {
        if (terminal == null) {
            say(m.get("demo.assistant.unattended"));
            return true;
        }
        story.print(m.get("assistant.cli.question") + " ");
        story.flush();
        try {
            return ConsolePrompt.isYes(terminal.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    private void say(String line) {
        story.println(line);
    }
}
