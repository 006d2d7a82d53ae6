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
        subcommands = {TrayCommand.class, CheckCommand.class, ResetCommand.class, RestoreCommand.class,
                LaunchCommand.class, StatusCommand.class, AutostartCommand.class, DemoCommand.class,
                PrepareImageCommand.class, DiagnoseCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    // Inherited: IT scripts write the option before or after the command name.
    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT)
    Path configFile;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    AppContext loadContext() throws AppContext.ConfigFileMissing {
        return AppContext.load(Optional.ofNullable(configFile));
    }

    /** No command: the tray app, as the autostart entry and the Start menu run it. */
    @Override
    public Integer call() {
        CommandLine tray = spec.commandLine().getSubcommands().get("tray");
        return tray.execute();
    }

    public static void main(String[] args) {
        Optional<TrayStart> tray = TrayStart.parse(args);
        if (tray.isPresent()) {
            // Before TrayRun's logger starts Logback, which reads the console level once.
            Logging.consoleLevel(tray.get().verbose());
            // First thing: AWT starts on its own thread while this one sets up logging and reads the configuration.
            io.keywatch.tray.TrayWarmUp.start();
            System.exit(TrayRun.fromMain(tray.get(), writer(java.io.FileDescriptor.out),
                    writer(java.io.FileDescriptor.err)));
        }
        System.exit(run(args));
    }

    public static int run(String... args) {
        Logging.consoleLevel(Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose"));
        return commandLine().execute(args);
    }

    /** Runs with the given streams (tests, embedding). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /**
     * The charset for text KeyWatch prints: the platform's (GBK on a Chinese Windows console), except
     * where that is plain ASCII (a Linux without its locale installed), which cannot show Chinese at all.
     */
    public static java.nio.charset.Charset outputCharset() {
        java.nio.charset.Charset c = java.nio.charset.Charset.defaultCharset();
        return c.equals(java.nio.charset.StandardCharsets.US_ASCII) ? java.nio.charset.StandardCharsets.UTF_8 : c;
    }

    /** Standard output in {@link #outputCharset()}, flushed per line. */
    public static java.io.PrintStream stdout() {
        return new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, outputCharset());
    }

    /** A writer on standard output or error in {@link #outputCharset()}, flushed per line. */
    private static java.io.PrintWriter writer(java.io.FileDescriptor fd) {
        return new java.io.PrintWriter(new java.io.OutputStreamWriter(new java.io.FileOutputStream(fd),
                outputCharset()), true);
    }

    /**
     * The configured command line: help texts in the user's language, our exit codes for errors.
     * Private: the launcher looks up {@code main} by reflection, which loads the types in every
     * public method's signature, and picocli has no business in the tray's start.
     */
    private static CommandLine commandLine() {
        Messages messages = Messages.forLanguage("auto");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(writer(java.io.FileDescriptor.out));
        cl.setErr(writer(java.io.FileDescriptor.err));
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
