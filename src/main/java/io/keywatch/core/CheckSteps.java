package io.keywatch.core;

import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check in two steps on the watchdog's thread, so that the icon never waits for the doctor:
 * <ol>
 *   <li>{@code CheckSoftDeviceEnv} (with the db's diagnosis): the status is set and published at once
 *       ({@link WatchdogEvent.StateChanged}), so the icon and {@code keywatch status} show the answer;</li>
 *   <li>a task of its own, after whatever was posted meanwhile: the doctor's key checks find the cause
 *       (their certificate calls), the status gets the result with its cause, {@link WatchdogEvent.Checked}
 *       is published (the balloon names the cause) and the caller's next step runs with that result.</li>
 * </ol>
 * When the status changed between the two (the key left, the connection dropped, another check
 * began), the answer is out of date: no cause is looked for, nothing is published for it, and
 * {@link Next#superseded} decides what the caller still does.
 */
final class CheckSteps {
    private static final Logger LOG = LoggerFactory.getLogger(CheckSteps.class);

    /** What the caller does once the check is complete; runs on the watchdog's thread. */
    interface Next {
        /** The check, with its cause, is what the status shows. */
        void explained(CheckResult result);

        /** A newer fact replaced the answer before its cause was looked for; by default nothing more. */
        default void superseded(CheckResult answer) {
        }

        /** The same step either way: for requests that wait for an answer (a menu click, the launch gate). */
        static Next always(Consumer<CheckResult> step) {
            return new Next() {
                @Override
                public void explained(CheckResult result) {
                    step.accept(result);
                }

                @Override
                public void superseded(CheckResult answer) {
                    step.accept(answer);
                }
            };
        }
    }

    private final BjcaEnvironment env;
    private final Scheduler scheduler;
    private final StatusBoard board;
    private long checksRun;

    CheckSteps(BjcaEnvironment env, Scheduler scheduler, StatusBoard board) {
        this.env = env;
        this.scheduler = scheduler;
        this.board = board;
    }

    /** {@code CheckSoftDeviceEnv} calls made so far. */
    long checksRun() {
        return checksRun;
    }

    /** Counts a check made elsewhere (a reset's re-check). */
    void counted() {
        checksRun++;
    }

    /** Step one now; step two is posted behind what is already queued. */
    void run(boolean afterKeyArrival, Next next) {
        board.set(board.withState(WatchState.CHECKING));
        board.publish(WatchdogEvent.StateChanged::new);
        checksRun++;
        CheckResult answer = env.answer();
        WatchdogStatus s = board.get();
        boolean keyPresent = afterKeyArrival || s.keyPresent() || !answer.users().isEmpty();
        board.set(new WatchdogStatus(WatchState.of(answer.status()), keyPresent, Optional.of(answer), s.lastReset(),
                scheduler.now()));
        LOG.info("check: {} (db {}, bridge {})", answer.status(), answer.diagnosis().verdict(), answer.bridge());
        board.publish(WatchdogEvent.StateChanged::new);
        long answered = board.changes();
        scheduler.execute(() -> explain(answer, answered, afterKeyArrival, next));
    }

    private void explain(CheckResult answer, long answered, boolean afterKeyArrival, Next next) {
        if (board.changes() != answered) {
            LOG.debug("the check's answer ({}) was out of date before its cause was looked for: now {}",
                    answer.status(), board.get().state());
            next.superseded(answer);
            return;
        }
        CheckResult r = env.explain(answer);
        if (r.cause().isPresent()) {
            LOG.info("cause: {} ({})", r.cause().get().id(), r.cause().get().level());
        } else {
            LOG.debug("cause: none found");
        }
        WatchdogStatus s = board.get();
        board.set(new WatchdogStatus(s.state(), s.keyPresent(), Optional.of(r), s.lastReset(), s.since()));
        board.publish(st -> new WatchdogEvent.Checked(st, r, afterKeyArrival));
        next.explained(r);
    }
}
