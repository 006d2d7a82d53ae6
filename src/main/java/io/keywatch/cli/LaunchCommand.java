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

/** {@code keywatch launch}: start the nursing app only after a passing check, offering the reset first. */
@Command(name = "launch", mixinStandardHelpOptions = true)
final class LaunchCommand extends BaseCommand implements Callable<Integer> {

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
            Watchdog watchdog = new Watchdog(ctx.environment(), scheduler, prompt,
                    ctx.platform().launcher(ctx.config().nursingAppWorkingDir()),
                    new Watchdog.Settings(ctx.config().resetPolicy(), ctx.config().nursingAppCommand(),
                            ctx.config().keySettle()));
            WatchdogEvent.Launched result = watchdog.launch().get();
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
}
