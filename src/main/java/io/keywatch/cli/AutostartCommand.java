package io.keywatch.cli;

import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import io.keywatch.platform.Autostart;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code keywatch autostart on|off|status}: start the tray at login for this user. */
@Command(name = "autostart", mixinStandardHelpOptions = true)
final class AutostartCommand extends BaseCommand implements Callable<Integer> {

    enum Action { on, off, status }

    @Parameters(paramLabel = "on|off|status")
    Action action;

    @Override
    public Integer call() throws Exception {
        try {
            AppContext ctx = ctx();
            Messages m = ctx.messages();
            Autostart autostart;
            try {
                autostart = ctx.platform().autostart();
            } catch (UnsupportedOperationException e) {
                err().println(m.get("cli.autostart.unsupported", e.getMessage()));
                return ExitCodes.FILE_ERROR;
            }
            try {
                switch (action) {
                    case on -> autostart.enable(SelfCommand.tray());
                    case off -> autostart.disable();
                    case status -> { }
                }
                out().println(m.get(autostart.isEnabled() ? "cli.autostart.enabled" : "cli.autostart.disabled",
                        autostart.location()));
                return ExitCodes.OK;
            } catch (IOException e) {
                err().println(m.get("cli.autostart.failed", autostart.location(), e.getMessage()));
                return ExitCodes.FILE_ERROR;
            }
        } finally {
            closeContext();
        }
    }
}
