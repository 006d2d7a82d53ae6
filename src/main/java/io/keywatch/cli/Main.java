package io.keywatch.cli;

import io.keywatch.core.ExitCodes;
import io.keywatch.core.Messages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch}: the tray app by default, and the commands IT uses from scripts. */
@Command(name = "keywatch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {CheckCommand.class, ResetCommand.class, RestoreCommand.class, LaunchCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE")
    Path configFile;

    @Option(names = {"-v", "--verbose"})
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    AppContext loadContext() throws AppContext.ConfigFileMissing {
        return AppContext.load(Optional.ofNullable(configFile));
    }

    /** No command: the tray app (wired with the tray package). Until then, say what to run. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        Logging.consoleLevel(Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose"));
        return commandLine().execute(args);
    }

    /** The configured command line: help texts in the user's language, our exit codes for errors. */
    public static CommandLine commandLine() {
        Messages messages = Messages.forLanguage("auto");
        CommandLine cl = new CommandLine(new Main());
        cl.setResourceBundle(ResourceBundle.getBundle("i18n.cli", messages.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof AppContext.ConfigFileMissing) {
                commandLine.getErr().println(ex.getMessage());
                return ExitCodes.USAGE;
            }
            commandLine.getErr().println(messages.get("cli.internalError", String.valueOf(ex)));
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", ex);
            return ExitCodes.USAGE;
        });
        return cl;
    }
}
