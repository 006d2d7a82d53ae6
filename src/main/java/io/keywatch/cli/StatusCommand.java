package io.keywatch.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.platform.SingleInstance;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch status [--json]}: asks the running tray instance; exit 3 when none runs. */
@Command(name = "status", mixinStandardHelpOptions = true)
final class StatusCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            AppContext ctx = ctx();
            Messages m = ctx.messages();
            Optional<String> reply;
            try {
                reply = SingleInstance.query(ctx.dataDir(), SingleInstance.STATUS, SingleInstance.CLIENT_TIMEOUT);
            } catch (IOException e) {
                err().println(m.get("cli.status.failed", e.getMessage()));
                return ExitCodes.UNAVAILABLE;
            }
            if (reply.isEmpty()) {
                if (json) {
                    out().println("{\"running\": false}");
                }
                err().println(m.get("cli.status.notRunning"));
                return ExitCodes.UNAVAILABLE;
            }
            if (json) {
                out().println(reply.get());
                return ExitCodes.OK;
            }
            Map<String, Object> s = JSON.std.mapFrom(reply.get());
            Object user = s.get("user");
            out().println(m.get("cli.status.line", m.get("tray.state." + s.get("state")),
                    user == null ? m.get("user.unknown") : user, String.valueOf(s.get("check"))));
            return ExitCodes.OK;
        } finally {
            closeContext();
        }
    }
}
