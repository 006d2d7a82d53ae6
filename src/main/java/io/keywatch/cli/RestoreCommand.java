package io.keywatch.cli;

import io.keywatch.core.ExitCodes;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.Messages;
import io.keywatch.core.SoftkeyException;
import io.keywatch.fleet.FleetEvents;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keywatch restore [--list | ID]}: undo a reset byte for byte; without an id, the latest one. */
@Command(name = "restore", mixinStandardHelpOptions = true)
final class RestoreCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--list")
    boolean list;

    @Option(names = "--json")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws Exception {
        try {
            AppContext ctx = ctx();
            Messages m = ctx.messages();
            if (list && id != null) {
                err().println(m.get("cli.restore.listOrId"));
                return ExitCodes.USAGE;
            }
            List<JournalEntry> journal;
            try {
                journal = ctx.store().journal();
            } catch (SoftkeyException e) {
                err().println(m.get("cli.restore.journalUnreadable", m.refusal(e.reason(), e.getMessage())));
                return ExitCodes.FILE_ERROR;
            }
            if (list) {
                printList(m, journal);
                return ExitCodes.OK;
            }
            Optional<String> target = Optional.ofNullable(id).or(() -> journal.stream()
                    .filter(JournalEntry::restorable).reduce((a, b) -> b).map(JournalEntry::id));
            if (target.isEmpty()) {
                err().println(m.get("cli.restore.nothing"));
                return ExitCodes.USAGE;
            }
            try {
                String wanted = target.get();
                JournalEntry e = journal.stream().filter(j -> j.id().equals(wanted)).findFirst()
                        .map(ctx::storeFor).orElseGet(ctx::store).restore(wanted);
                try (FleetEvents events = ctx.fleetEvents()) {
                    events.restored(e, "cli");
                }
                if (json) {
                    out().println(JsonReport.write(JsonReport.journalEntry(e)));
                } else {
                    out().println(m.get("cli.restore.done", e.id(), e.originalPath()));
                }
                return ExitCodes.OK;
            } catch (SoftkeyException e) {
                err().println(m.get("cli.restore.refused", target.get(), m.refusal(e.reason(), e.getMessage())));
                return e.reason() == SoftkeyException.Reason.UNKNOWN_ID ? ExitCodes.USAGE : ExitCodes.FILE_ERROR;
            }
        } finally {
            closeContext();
        }
    }

    private void printList(Messages m, List<JournalEntry> journal) {
        if (json) {
            out().println(JsonReport.write(JsonReport.journal(journal)));
            return;
        }
        if (journal.isEmpty()) {
            out().println(m.get("cli.restore.empty"));
            return;
        }
        out().println(m.get("cli.restore.header"));
        for (JournalEntry e : journal) {
            out().println(String.format("%-28s %-9s %-17s %9d  %s", e.id(), e.outcome(), m.dateTime(e.movedAt()),
                    e.size(), e.originalPath()));
        }
    }
}
