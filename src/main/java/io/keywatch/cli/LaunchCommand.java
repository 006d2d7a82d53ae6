package io.keywatch.cli;

import io.keywatch.core.CheckResult;
import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code keywatch launch [--assistant]}: start the nursing app only after a passing check, offering the
 * reset first; when BJCA still says false after that reset, BJCA's certificate assistant is the next step
 * (as in {@code reset}) and the app starts once the check passes.
 */
@Command(name = "launch", mixinStandardHelpOptions = true)
final class LaunchCommand extends BaseCommand implements Callable<Integer> {

    @picocli.CommandLine.Option(names = "--assistant")
    boolean assistant;

    @Override
    public Integer call() throws Exception {
        try (ExecutorScheduler scheduler = new ExecutorScheduler("keywatch-watchdog")) {
            AppContext ctx = ctx();
            Messages m = ctx.messages();
            if (ctx.config().nursingAppCommand().isEmpty()) {
                err().println(m.get("cli.launch.notConfigured"));
                return ExitCodes.USAGE;
            }
            BufferedReader terminal = System.console() == null ? null
                    : new BufferedReader(new InputStreamReader(System.in, java.nio.charset.Charset.defaultCharset()));
            ConsolePrompt prompt = new ConsolePrompt(m, Main.stdout(), terminal,
                    RepairChoice.CANCEL, RepairChoice.REPAIR_AND_LAUNCH, true);
            Watchdog watchdog = new Watchdog(ctx.environment(), scheduler, prompt, ctx.platform().launcher(),
                    new Watchdog.Settings(ctx.config().resetPolicy(), ctx.config().nursingAppCommand(),
                            ctx.config().keySettle()));
            java.util.concurrent.atomic.AtomicBoolean reset = new java.util.concurrent.atomic.AtomicBoolean();
            watchdog.addListener(ev -> reset.compareAndSet(false, ev instanceof WatchdogEvent.Repaired));
            WatchdogEvent.Launched result = watchdog.launch().get();
            if (reset.get() && result.blockedBy().isPresent()) {
                AssistantCli.Result after = AssistantCli.offerAndRun(m, ctx.assistantPath(), result.blockedBy().get(),
                        assistant, terminal == null ? null : q -> ask(q, terminal), out(),
                        () -> watchdog.recheckAfterRebuild(false).join());
                result = after.finalCheck().ok() ? watchdog.launch().get()
                        : new WatchdogEvent.Launched(watchdog.status(), java.util.Optional.empty(),
                                java.util.Optional.of(after.finalCheck()));
            }
            if (result.started()) {
                out().println(m.get("cli.launch.started", ctx.config().nursingAppCommand().get(0)));
                return ExitCodes.OK;
            }
            if (result.blockedBy().isPresent()) {
                CheckResult r = result.blockedBy().get();
                out().println(m.summary(r));
                out().println(m.get("cli.launch.blocked"));
                return r.status().exitCode();
            }
            err().println(m.get("cli.launch.error", result.error().orElse("?")));
            return ExitCodes.USAGE;
        } finally {
            closeContext();
        }
    }

    private String ask(String question, BufferedReader terminal) {
        out().print(question + " ");
        out().flush();
        try {
            return terminal.readLine();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
