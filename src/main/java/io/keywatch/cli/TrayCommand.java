package io.keywatch.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code keywatch tray} (and {@code keywatch} alone): the long-running watchdog with its tray icon.
 * A second start hands over to the running instance, which shows its status, and exits 0. The plain
 * login start skips picocli and runs {@link TrayRun} from {@link Main#main}; this command serves the
 * forms with help or unusual options.
 */
@Command(name = "tray", mixinStandardHelpOptions = true)
final class TrayCommand extends BaseCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        // As the login start: a --config file that cannot be used costs its settings, not the tray.
        try (AppContext ctx = AppContext.loadForTray(Optional.ofNullable(parent.configFile))) {
            ctx.problems().forEach(err()::println);
            return TrayRun.run(ctx, out());
        }
    }
}
