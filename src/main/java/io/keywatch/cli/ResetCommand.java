package io.keywatch.cli;

import io.keywatch.core.CheckResult;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.core.ResetReport;
import io.keywatch.core.SoftkeyException;
import io.keywatch.fleet.FleetEvents;
import java.io.Console;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keywatch reset [--yes] [--assistant]}: moves the softkey db into quarantine, asks BJCA again,
 * reports. When BJCA still says false, BJCA's certificate assistant is the next step: {@code --assistant}
 * starts it (Windows asks for administrator consent), a terminal without {@code --yes} is asked, scripts
 * are told the command. Exit 0 only when the (last) re-check passes.
 */
@Command(name = "reset", mixinStandardHelpOptions = true)
final class ResetCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = {"-y", "--yes"})
    boolean yes;

    @Option(names = "--json")
    boolean json;

    @Option(names = "--assistant")
    boolean assistant;

    @Override
    public Integer call() throws Exception {
        try {
            AppContext ctx = ctx();
            Messages m = ctx.messages();
            Console console = System.console();
            // Only an interactive reset asks about the assistant; --yes means no questions (scripts).
            java.util.function.Function<String, String> ask = yes || console == null ? null
                    : q -> console.readLine("%s ", q);
            if (!yes) {
                if (console == null) {
                    err().println(m.get("cli.reset.needsYes"));
                    return ExitCodes.USAGE;
                }
                String answer = console.readLine("%s ", m.get("cli.reset.confirm", ctx.dbFile()));
                if (!ConsolePrompt.isYes(answer)) {
                    out().println(m.get("cli.reset.cancelled"));
                    return ExitCodes.CHECK_FAILED;
                }
            }
            ResetReport report;
            try (FleetEvents events = ctx.fleetEvents()) {
                try {
                    report = ctx.environment().reset(m.get("cli.reset.reason"));
                    events.reset(report, "cli");
                } catch (SoftkeyException e) {
                    if (e.reason() == SoftkeyException.Reason.NOT_FOUND) {
                        out().println(m.get("cli.reset.nothing", ctx.dbFile()));
                        CheckResult r = ctx.environment().check();
                        events.checked(r, "cli");
                        out().println(m.summary(r));
                        r = AssistantCli.offerAndRun(m, ctx.assistantPath(), r, assistant, ask, out(),
                                ctx.environment()::check).finalCheck();
                        return r.status().exitCode();
                    }
                    events.resetRefused(e, "cli");
                    err().println(m.get("cli.reset.refused", m.refusal(e.reason(), e.getMessage())));
                    return ExitCodes.FILE_ERROR;
                }
            }
            CheckResult r = report.recheck();
            if (!json) {
                out().println(m.get("cli.reset.moved", report.entry().id(), report.entry().quarantinePath()));
                out().println(m.summary(r));
                out().println(m.get("cli.reset.undo", report.entry().id()));
            }
            // With --json the assistant's narration goes to stderr, so stdout stays one JSON object.
            AssistantCli.Result after = AssistantCli.offerAndRun(m, ctx.assistantPath(), r, assistant, ask,
                    json ? err() : out(), ctx.environment()::check);
            if (after.outcome().isPresent()) {
                try (FleetEvents events = ctx.fleetEvents()) {
                    events.checked(after.finalCheck(), "cli"); // IT sees how the assistant path ended
                }
            }
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("quarantineId", report.entry().id());
                j.put("entry", JsonReport.journalEntry(report.entry()));
                j.put("recheck", JsonReport.check(r, m));
                after.outcome().ifPresent(o -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("outcome", o.kind().name());
                    o.trigger().ifPresent(t -> a.put("trigger", t.name()));
                    o.check().ifPresent(c -> a.put("check", JsonReport.check(c, m)));
                    j.put("assistant", a);
                });
                out().println(JsonReport.write(j));
            }
            return after.finalCheck().status().exitCode();
        } finally {
            closeContext();
        }
    }
}
