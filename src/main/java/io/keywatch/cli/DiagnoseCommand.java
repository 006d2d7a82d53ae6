package io.keywatch.cli;

import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.diagnostics.Diagnostics;
import io.keywatch.files.PrivateFolders;
import io.keywatch.platform.RegistryReader;
import io.keywatch.usb.KeyCatalog;
import io.keywatch.usb.UsbDevices;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch diagnose [--out FILE.zip]}: one zip for IT instead of weeks of log hunting. */
@Command(name = "diagnose", mixinStandardHelpOptions = true)
final class DiagnoseCommand extends BaseCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DiagnoseCommand.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Option(names = "--out", paramLabel = "FILE.zip")
    Path out;

    @Override
    public Integer call() throws Exception {
        try {
            AppContext ctx = ctx();
            Messages m = ctx.messages();
            Path zip = out != null ? out : Path.of(defaultName(Clock.systemUTC()));
            try {
                Diagnostics.Result r = diagnostics(ctx).write(zip);
                out().println(m.get("diagnose.written", r.zip().toAbsolutePath()));
                List<String> missing = r.parts().stream()
                        .filter(p -> p.state() == Diagnostics.State.FAILED || p.state() == Diagnostics.State.OMITTED)
                        .map(p -> p.name() + " (" + p.note() + ")").toList();
                if (!missing.isEmpty()) {
                    out().println(m.get("diagnose.partsMissing", String.join("; ", missing)));
                }
                return ExitCodes.OK;
            } catch (IOException e) {
                err().println(m.get("diagnose.failed", zip.toAbsolutePath(), e.getMessage()));
                return ExitCodes.FILE_ERROR;
            }
        } finally {
            closeContext();
        }
    }

    static String defaultName(Clock clock) {
        return "keywatch-diagnostics-" + STAMP.format(clock.instant()) + ".zip";
    }

    /** The bundle for this context: its configuration, BJCA client, db, logs, registry and USB devices. */
    /** The doctor's report ({@code doctor --json}) in the bundle. */
    static final String DOCTOR_PART = "doctor.json";

    static Diagnostics diagnostics(AppContext ctx) {
        KeyCatalog catalog = KeyCatalog.defaults().withExtra(configuredKeys(ctx), p -> LOG.debug("{}", p));
        return new Diagnostics(Clock.systemUTC())
                .version(VersionProvider.version())
                .config(ctx.config(), ctx.problems())
                .client(ctx::client)
                .store(ctx.store())
                .dataDir(ctx.dataDir())
                .logDir(ctx.logDir())
                .platformName(ctx.platform().name())
                .registry(RegistryReader.forThisMachine())
                .bjcaLogs(Diagnostics.defaultBjcaLogs(ctx.platform().name(), ctx.bjcaFolder()))
                .usbDevices(() -> UsbDevices.list(catalog))
                .extraPart(DOCTOR_PART, () -> DoctorCommand.json(DoctorCommand.run(ctx)));
    }

    /**
     * For the tray's "Export diagnostics": writes {@code <dataDir>/diagnostics/keywatch-diagnostics-<time>.zip}
     * and returns its path. Shares the tray's BJCA client (never closes it).
     */
    static Callable<Path> exporter(AppContext ctx) {
        return () -> {
            Path dir = PrivateFolders.createTree(ctx.dataDir(), ctx.dataDir().resolve("diagnostics"));
            return diagnostics(ctx).write(dir.resolve(defaultName(Clock.systemUTC()))).zip();
        };
    }

    private static List<KeyCatalog.Entry> configuredKeys(AppContext ctx) {
        return ctx.config().extraKeys().stream().map(DiagnoseCommand::entry).toList();
    }

    private static KeyCatalog.Entry entry(Map<String, Object> m) {
        return new KeyCatalog.Entry(text(m.get("vid")), text(m.get("pid")), text(m.get("label")));
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
