package io.keywatch.cli;

import io.keywatch.assistant.AssistantLocator;
import io.keywatch.assistant.AssistantPath;
import io.keywatch.assistant.AssistantTexts;
import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The assistant path on the command line ({@code reset}, {@code launch}): after a re-check that still
 * fails, say what is going on, offer BJCA's certificate assistant and, with consent ({@code --assistant},
 * or "yes" at a terminal), start it, wait for the rebuild and check again. Without consent it prints
 * how to give it. Runs on the command's own thread.
 */
final class AssistantCli {
    /** The check that decides the exit code, and how the assistant path went (empty: it did not run). */
    record Result(CheckResult finalCheck, Optional<AssistantPath.Outcome> outcome) { }

    private AssistantCli() {
    }

    /**
     * @param consent true when the command line already consented ({@code --assistant})
     * @param ask     asks a question at the terminal and returns the answer (null: no terminal)
     * @param recheck the check to run once BJCA has rebuilt its environment
     */
    static Result offerAndRun(Messages m, AssistantPath path, CheckResult failed, boolean consent,
                              Function<String, String> ask, PrintWriter out, Supplier<CheckResult> recheck)
            throws InterruptedException {
        if (AssistantPath.nextStep(failed) != AssistantPath.NextStep.START_ASSISTANT) {
            return new Result(failed, Optional.empty());
        }
        out.println(AssistantTexts.situation(m, failed));
        AssistantLocator.Lookup lookup = path.lookup();
        out.println(AssistantTexts.offer(m, lookup));
        if (lookup instanceof AssistantLocator.Missing) {
            return new Result(failed, Optional.empty());
        }
        if (!consent) {
            String answer = ask == null ? null : ask.apply(m.get("assistant.cli.question"));
            if (ask == null || !ConsolePrompt.isYes(answer)) {
                out.println(m.get("assistant.cli.hint"));
                return new Result(failed, Optional.empty());
            }
        }
        AssistantPath.Outcome o = path.run(recheck, new AssistantPath.Listener() {
            @Override
            public void starting(List<String> command) {
                out.println(m.get("assistant.cli.starting", command.get(0)));
            }

            @Override
            public void waiting(Duration limit) {
                out.println(m.get("assistant.cli.waiting", limit.toSeconds()));
            }

            @Override
            public void noticed(AssistantPath.Trigger trigger, OptionalInt exitCode) {
                out.println(m.get(trigger == AssistantPath.Trigger.DB_APPEARED ? "assistant.cli.noticed.db"
                        : "assistant.cli.noticed.exit"));
            }
        });
        out.println(AssistantTexts.outcome(m, o, path.limit()));
        o.check().ifPresent(c -> out.println(m.summary(c)));
        return new Result(o.check().orElse(failed), Optional.of(o));
    }
}
