package io.keywatch.assistant;

import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import java.time.Duration;
import java.util.Optional;

/**
 * The words of the assistant path, shared by the terminal, the tray, the demo and the doctor: what is
 * going on after a reset whose re-check fails, the offer, and one clear sentence for each outcome.
 */
public final class AssistantTexts {
    private AssistantTexts() {
    }

    /** "The db was moved and is safe; BJCA has not rebuilt its environment yet." (or: made one, still false). */
    public static String situation(Messages m, CheckResult recheck) {
        return m.get(recheck.notRebuiltYet() ? "assistant.situation.notRebuilt"
                : "assistant.situation.stillFalse");
    }

    /** The next step, naming the program (or why there is none and what to do instead). */
    public static String offer(Messages m, AssistantLocator.Lookup lookup) {
        if (lookup instanceof AssistantLocator.Found f) {
            return m.get("assistant.offer", f.program());
        }
        return missing(m, (AssistantLocator.Missing) lookup);
    }

    public static String missing(Messages m, AssistantLocator.Missing missing) {
        return m.get(missing.messageKey(), missing.args().toArray()) + " " + m.get("assistant.missing.whatToDo");
    }

    /** One sentence for how the path ended; with the final check's summary where there is one. */
    public static String outcome(Messages m, AssistantPath.Outcome o, Duration limit) {
        String program = o.command().map(c -> c.get(0)).orElse("?");
        return switch (o.kind()) {
            case REBUILT -> m.get(o.trigger().orElse(AssistantPath.Trigger.ASSISTANT_EXITED)
                    == AssistantPath.Trigger.DB_APPEARED ? "assistant.outcome.rebuilt.db" : "assistant.outcome.rebuilt.exit");
            case STILL_FAILING -> m.get("assistant.outcome.stillFailing");
            case TIMED_OUT -> m.get("assistant.outcome.timedOut", Math.max(1, limit.toMinutes()), limit.toSeconds());
            case CANCELLED -> m.get("assistant.outcome.cancelled", program);
            case MISSING -> missing(m, o.missing().orElseThrow());
            case START_FAILED -> m.get("assistant.outcome.startFailed", program, o.detail());
        };
    }

    /**
     * For the doctor's {@code softkey.db} check: when BJCA says false and the db is not there (a reset
     * happened, BJCA has not rebuilt), the sentence that names the next step; empty otherwise. The
     * command that starts the assistant is named only when there is one to start.
     */
    public static Optional<String> doctorAdvice(Messages m, CheckResult check, AssistantLocator.Lookup lookup) {
        if (!check.notRebuiltYet()) {
            return Optional.empty();
        }
        String command = lookup instanceof AssistantLocator.Found ? " " + m.get("assistant.doctor.command") : "";
        return Optional.of(m.get("assistant.situation.notRebuilt") + " " + offer(m, lookup) + command);
    }
}
