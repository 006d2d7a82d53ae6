package io.keywatch.assistant;

import io.keywatch.core.AssistantStarter;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The longer way the incident was finished: after a reset whose re-check still fails, start BJCA's
 * certificate assistant (the person at the PC consents to the elevation Windows asks for), notice when
 * BJCA has rebuilt its environment (a fresh {@code bjca_softkey.db} appears, or the assistant ends) and
 * check again at once, within a time limit. Blocking: run it on a thread of its own (never the
 * watchdog's or the event thread); the re-check is the caller's (the watchdog's check in the tray, so
 * the icon follows). Used by {@code reset}, {@code launch}, the tray, the demo and the doctor.
 */
public final class AssistantPath {
    private static final Logger LOG = LoggerFactory.getLogger(AssistantPath.class);

    /** What to offer after a reset's re-check. */
    public enum NextStep {
        /** Nothing more: the check passed, or BJCA itself is unreachable (the usual message covers it). */
        NONE,
        /** BJCA still says false: offer its certificate assistant. */
        START_ASSISTANT
    }

    /** How the path ended. */
    public enum Kind {
        /** The check passed after the rebuild. */
        REBUILT,
        /** The assistant ended and BJCA still says false. */
        STILL_FAILING,
        /** Nothing rebuilt the environment within the time limit. */
        TIMED_OUT,
        /** The person at the PC declined the administrator prompt. */
        CANCELLED,
        /** No assistant to start (not installed, not found, ambiguous): {@link Outcome#missing()} says why. */
        MISSING,
        /** The assistant could not be started: {@link Outcome#detail()} says why. */
        START_FAILED
    }

    /** What noticed the rebuild. */
    public enum Trigger { DB_APPEARED, ASSISTANT_EXITED }

    /**
     * @param check   the last check (after the rebuild, or at the time limit); empty when none ran
     * @param missing for {@link Kind#MISSING}
     * @param detail  technical detail for {@link Kind#START_FAILED} and {@link Kind#CANCELLED}
     */
    public record Outcome(Kind kind, Optional<Trigger> trigger, Optional<CheckResult> check,
                          Optional<AssistantLocator.Missing> missing, String detail, Optional<List<String>> command) {
        public boolean ok() {
            return kind == Kind.REBUILT;
        }

        static Outcome of(Kind kind, List<String> command, String detail) {
            return new Outcome(kind, Optional.empty(), Optional.empty(), Optional.empty(), detail,
                    Optional.ofNullable(command));
        }
    }

    /** Progress, for narration (the demo, the terminal, the tray dialog); called on the path's thread. */
    public interface Listener {
        default void starting(List<String> command) { }

        default void waiting(Duration limit) { }

        default void noticed(Trigger trigger, OptionalInt exitCode) { }
    }

    private final Supplier<AssistantLocator.Lookup> locate;
    private final AssistantStarter starter;
    private final Path dbFile;
    private final Duration limit;

    /**
     * @param locate  finds the assistant (at the moment the path runs, so a fresh install counts)
     * @param starter the platform's way to start it (the shell's "run as administrator" on Windows)
     * @param dbFile  the {@code bjca_softkey.db} whose folder is watched
     * @param limit   how long to wait for the rebuild ({@code bjca.assistantWaitSeconds})
     */
    public AssistantPath(Supplier<AssistantLocator.Lookup> locate, AssistantStarter starter, Path dbFile,
                         Duration limit) {
        this.locate = Objects.requireNonNull(locate);
        this.starter = Objects.requireNonNull(starter);
        this.dbFile = Objects.requireNonNull(dbFile);
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the wait for the assistant must be positive");
        }
        this.limit = limit;
    }

    /** After a reset: the assistant is the next step exactly when BJCA answered and still said false. */
    public static NextStep nextStep(CheckResult recheck) {
        return recheck.status() == CheckStatus.FAILED ? NextStep.START_ASSISTANT : NextStep.NONE;
    }

    public Duration limit() {
        return limit;
    }

    /** Where the assistant would come from now (for the offer's wording and the doctor). */
    public AssistantLocator.Lookup lookup() {
        return locate.get();
    }

    /** Starts the assistant, waits for the rebuild, checks again. Never throws for the assistant's faults. */
    public Outcome run(Supplier<CheckResult> recheck, Listener listener) throws InterruptedException {
        AssistantLocator.Lookup lookup = locate.get();
        if (lookup instanceof AssistantLocator.Missing missing) {
            LOG.warn("BJCA's assistant cannot be started: {} {}", missing.messageKey(), missing.args());
            return new Outcome(Kind.MISSING, Optional.empty(), Optional.empty(), Optional.of(missing), "",
                    Optional.empty());
        }
        List<String> command = ((AssistantLocator.Found) lookup).command();
        try (RebuildWatch watch = RebuildWatch.open(dbFile)) {
            listener.starting(command);
            AssistantStarter.Started started;
            try {
                started = starter.start(command);
            } catch (AssistantStarter.Cancelled e) {
                LOG.info("the administrator prompt for BJCA's assistant was declined");
                return Outcome.of(Kind.CANCELLED, command, e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot start BJCA's assistant {}: {}", command.get(0), e.toString());
                return Outcome.of(Kind.START_FAILED, command, String.valueOf(e.getMessage()));
            }
            watch.endWhen(started.exit());
            listener.waiting(limit);
            long deadline = System.nanoTime() + limit.toNanos();
            boolean first = true;
            CheckResult last = null;
            while (true) {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                RebuildWatch.Sign sign = left.isNegative() ? RebuildWatch.Sign.TIMEOUT : watch.await(left, first);
                first = false;
                if (sign == RebuildWatch.Sign.TIMEOUT) {
                    LOG.warn("BJCA's environment was not rebuilt within {} s", limit.toSeconds());
                    return new Outcome(Kind.TIMED_OUT, Optional.empty(), Optional.ofNullable(last), Optional.empty(),
                            "", Optional.of(command));
                }
                Trigger trigger = sign == RebuildWatch.Sign.DB_APPEARED ? Trigger.DB_APPEARED : Trigger.ASSISTANT_EXITED;
                OptionalInt code = trigger == Trigger.ASSISTANT_EXITED ? started.exit().getNow(OptionalInt.empty())
                        : OptionalInt.empty();
                LOG.info("{}: checking again", trigger == Trigger.DB_APPEARED ? "a fresh db appeared"
                        : "BJCA's assistant ended" + (code.isPresent() ? " (exit " + code.getAsInt() + ")" : ""));
                listener.noticed(trigger, code);
                last = recheck.get();
                if (last.ok()) {
                    return new Outcome(Kind.REBUILT, Optional.of(trigger), Optional.of(last), Optional.empty(), "",
                            Optional.of(command));
                }
                if (trigger == Trigger.ASSISTANT_EXITED) {
                    return new Outcome(Kind.STILL_FAILING, Optional.of(trigger), Optional.of(last), Optional.empty(),
                            "", Optional.of(command));
                }
                // A db appeared but BJCA still says false: the assistant may not be done; wait for its end.
            }
        }
    }
}
