package io.keywatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Shared plumbing of the subcommands: the loaded context and the output streams. */
abstract class BaseCommand {
    @ParentCommand
    Main parent;

    @Spec
    CommandSpec spec;

    private AppContext context;

    /**
     * Loads configuration once; configuration problems go to stderr, never stop the command. Then
     * finishes or rolls back a reset or restore a crash interrupted (once per start).
     */
    AppContext ctx() throws AppContext.ConfigFileMissing {
        if (context == null) {
            context = parent.loadContext();
            context.problems().forEach(err()::println);
            context.recoverInterrupted();
        }
        return context;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void closeContext() {
        if (context != null) {
            context.close();
        }
    }
}
