package io.keywatch.cli;

import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.Watchdog;
import io.keywatch.fleet.FleetEvents;
import io.keywatch.platform.InstanceChannelStatus;
import io.keywatch.platform.SingleInstance;
import io.keywatch.tray.TrayActions;
import io.keywatch.tray.TrayApp;
import io.keywatch.tray.TrayRepairPrompt;
import io.keywatch.usb.KeyEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code keywatch tray} (and {@code keywatch} alone): the long-running watchdog with its tray icon.
 * A second start hands over to the running instance, which shows its status, and exits 0.
 */
@Command(name = "tray", mixinStandardHelpOptions = true)
final class TrayCommand extends BaseCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrayCommand.class);

    @Override
    public Integer call() throws Exception {
        AppContext ctx = ctx();
        Path dataDir = ctx.dataDir();
        Files.createDirectories(dataDir);
        Optional<SingleInstance> instance = SingleInstance.acquire(dataDir);
        if (instance.isEmpty()) {
            boolean shown = SingleInstance.handOver(dataDir, Duration.ofSeconds(5));
            out().println(ctx.messages().get(shown ? "cli.tray.handedOver" : "cli.tray.otherInstance"));
            return ExitCodes.OK;
        }
        CountDownLatch exit = new CountDownLatch(1);
        try (SingleInstance single = instance.get();
             ExecutorScheduler scheduler = new ExecutorScheduler("keywatch-watchdog")) {
            TrayRepairPrompt prompt = new TrayRepairPrompt();
            Watchdog watchdog = new Watchdog(ctx.environment(), scheduler, prompt, ctx.platform().launcher(),
                    new Watchdog.Settings(ctx.config().resetPolicy(), ctx.config().nursingAppCommand(),
                            ctx.config().keySettle()));
            // The icon first (the nurse sees KeyWatch at once); the log file, fleet events and key sources follow.
            TrayApp app = new TrayApp(watchdog, ctx.messages(), actions(ctx, exit), prompt);
            app.start();
            Logging.toFile(ctx.logDir());
            ctx.problems().forEach(p -> LOG.warn("{}", p));
            LOG.info("KeyWatch {} starting (platform {}, data {})", VersionProvider.version(),
                    ctx.platform().name(), dataDir);
            // Every check, reset and restore goes to the log, the Windows Event Log and syslog (if configured).
            try (FleetEvents events = ctx.fleetEvents()) {
                watchdog.addListener(events);
                single.serve(InstanceChannelStatus.handler(watchdog::status, app::showStatus));
                try (KeyEvents keys = KeySources.start(ctx.config().extraKeys(), ctx.messages(), ctx.client(),
                        watchdog)) {
                    exit.await();
                }
            } finally {
                app.close();
            }
            LOG.info("KeyWatch stopped");
            return ExitCodes.OK;
        } finally {
            closeContext();
        }
    }

    private static TrayActions actions(AppContext ctx, CountDownLatch exit) {
        return new CliTrayActions(ctx.logDir(), () -> Optional.of(ctx.platform().autostart()), exit::countDown,
                Optional.of(DiagnoseCommand.exporter(ctx)));
    }
}
