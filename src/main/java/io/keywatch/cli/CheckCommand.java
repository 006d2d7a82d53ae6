package io.keywatch.cli;

import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.fleet.FleetEvents;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch check [--json]}: one line (or one JSON object) and an exit code. */
@Command(name = "check", mixinStandardHelpOptions = true)
final class CheckCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            AppContext ctx = ctx();
            CheckResult r = ctx.environment().check();
            if (json) {
                out().println(JsonReport.write(JsonReport.check(r, ctx.messages())));
            } else {
                out().println(ctx.messages().summary(r));
                if (r.status() == CheckStatus.FAILED) {
                    // Suggest the reset only when it would go ahead: a folder or a link in the db's place is refused.
                    Optional<String> refused = ctx.store().resetRefusal();
                    out().println(refused.map(why -> ctx.messages().get("cli.check.noResetHint", why))
                            .orElseGet(() -> ctx.messages().get("cli.check.hint")));
                }
            }
            // After the answer is printed: a slow syslog host name lookup must not delay it.
            try (FleetEvents events = ctx.fleetEvents()) {
                events.checked(r, "cli");
            }
            return r.status().exitCode();
        } finally {
            closeContext();
        }
    }
}
