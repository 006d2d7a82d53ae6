package io.keywatch.cli;

import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.RepairPrompt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks on the terminal. The question is read on its own thread, never the watchdog's. Without a
 * terminal the answer is the configured unattended choice (the demo says yes; scripts say no and
 * are told to use {@code reset --yes}).
 */
public final class ConsolePrompt implements RepairPrompt {
    private final Messages messages;
    private final PrintStream out;
    private final BufferedReader in;
    private final RepairChoice unattended;
    private final RepairChoice onYes;
    private final boolean explain;

    /**
     * @param in         the terminal, or null when standard input is not one
     * @param unattended the answer when there is no terminal
     * @param onYes      what "yes" means here (repair only, or repair and start the nursing app)
     * @param explain    print the diagnosis first (false where the caller already showed it)
     */
    public ConsolePrompt(Messages messages, PrintStream out, BufferedReader in, RepairChoice unattended,
                         RepairChoice onYes, boolean explain) {
        this.messages = messages;
        this.out = out;
        this.in = in;
        this.unattended = unattended;
        this.onYes = onYes;
        this.explain = explain;
    }

    @Override
    public CompletionStage<RepairChoice> offerRepair(CheckResult failed) {
        if (explain) {
            out.println(messages.get("cli.prompt.failed", messages.explain(failed.diagnosis())));
        }
        if (in == null) {
            out.println(messages.get(unattended == RepairChoice.CANCEL ? "cli.prompt.unattended.no"
                    : "cli.prompt.unattended.yes"));
            return CompletableFuture.completedFuture(unattended);
        }
        CompletableFuture<RepairChoice> answer = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            out.print(messages.get("cli.prompt.question") + " ");
            out.flush();
            try {
                String line = in.readLine();
                answer.complete(isYes(line) ? onYes : RepairChoice.CANCEL);
            } catch (IOException e) {
                answer.complete(RepairChoice.CANCEL);
            }
        }, "console-prompt");
        t.setDaemon(true);
        t.start();
        return answer;
    }

    static boolean isYes(String line) {
        if (line == null) {
            return false;
        }
        String a = line.trim().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes") || a.equals("是") || a.equals("好");
    }
}
