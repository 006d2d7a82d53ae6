package io.keywatch.cli;

import io.keywatch.softkey.ImagePreparation;
import io.keywatch.softkey.ImagePreparation.Outcome;
import io.keywatch.softkey.ImagePreparation.Report;
import io.keywatch.softkey.ImagePreparation.Status;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.fleet.FleetEvents;
import java.io.Console;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keywatch prepare-image [--dry-run] [--yes] [--json]}: the step before capturing a system
 * image. Every profile's {@code bjca_softkey.db} goes into the quarantine (journalled, restorable with
 * {@code keywatch restore ID}); exit 0 when every db found was moved, 5 when a move was refused.
 */
@Command(name = "prepare-image", mixinStandardHelpOptions = true)
final class PrepareImageCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--dry-run")
    boolean dryRun;

    @Option(names = {"-y", "--yes"})
    boolean yes;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            AppContext ctx = ctx();
            Messages m = ctx.messages();
            ImagePreparation prep = new ImagePreparation(ctx.imageBjcaSubPath(), ctx.dataDir(), Clock.systemUTC());
            ImagePreparation.Profiles profiles = ctx.imageProfiles();
            if (!dryRun && !yes) {
                Console console = System.console();
                if (console == null) {
                    err().println(m.get("prepareImage.needsYes"));
                    return ExitCodes.USAGE;
                }
                Report preview = prep.run(profiles, true);
                print(m, preview);
                String answer = console.readLine("%s ", m.get("prepareImage.confirm", preview.count(Status.FOUND)));
                if (!ConsolePrompt.isYes(answer)) {
                    out().println(m.get("prepareImage.cancelled"));
                    return ExitCodes.CHECK_FAILED;
                }
            }
            Report report = prep.run(profiles, dryRun);
            if (!dryRun) {
                try (FleetEvents events = ctx.fleetEvents()) {
                    report.outcomes().stream().filter(o -> o.status() != Status.NO_DB).forEach(o -> events.imagePrepared(
                            o.profile().name(), o.status().name(), o.entry().map(e -> e.id()), "cli"));
                }
            }
            if (json) {
                out().println(JsonReport.write(json(report, m)));
            } else {
                print(m, report);
            }
            return report.exitCode();
        } finally {
            closeContext();
        }
    }

    private void print(Messages m, Report report) {
        for (Outcome o : report.outcomes()) {
            out().println(m.get("prepareImage.profile", o.profile().name(), o.profile().home(), describe(m, o)));
        }
        report.problems().forEach(p -> out().println(m.get("prepareImage.problem", p)));
        out().println(m.get("prepareImage.summary", report.outcomes().size(), report.count(Status.MOVED),
                report.count(Status.FOUND), report.count(Status.REFUSED), report.count(Status.UNREADABLE)));
        if (report.dryRun()) {
            out().println(m.get("prepareImage.dryRun"));
        } else if (report.count(Status.MOVED) > 0) {
            out().println(m.get("prepareImage.undo"));
        }
    }

    static String describe(Messages m, Outcome o) {
        String problem = o.problem().orElse("");
        return switch (o.status()) {
            case NO_DB -> problem.isEmpty() ? m.get("prepareImage.status.none")
                    : m.get("prepareImage.status.noneBecause", problem);
            case FOUND -> m.get("prepareImage.status.found", o.dbFile(), o.facts().map(f -> f.size()).orElse(0L),
                    o.facts().flatMap(f -> f.created()).map(m::date).orElse(m.get("prepareImage.dateUnknown")));
            case MOVED -> m.get("prepareImage.status.moved", o.dbFile(), o.entry().orElseThrow().id());
            case REFUSED -> m.get("prepareImage.status.refused", o.dbFile(), problem);
            case UNREADABLE -> m.get("prepareImage.status.unreadable", problem);
        };
    }

    static Map<String, Object> json(Report report, Messages m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("dryRun", report.dryRun());
        j.put("exitCode", report.exitCode());
        List<Map<String, Object>> profiles = report.outcomes().stream().map(o -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", o.profile().name());
            p.put("home", o.profile().home().toString());
            p.put("db", o.dbFile().toString());
            p.put("status", o.status().name());
            p.put("text", describe(m, o));
            o.facts().ifPresent(f -> p.put("facts", JsonReport.db(f)));
            o.entry().ifPresent(e -> p.put("quarantineId", e.id()));
            o.problem().ifPresent(x -> p.put("problem", x));
            return p;
        }).toList();
        j.put("profiles", profiles);
        j.put("problems", report.problems());
        return j;
    }
}
