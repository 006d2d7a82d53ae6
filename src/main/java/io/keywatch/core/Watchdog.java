package io.keywatch.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine: key events in, checks, repairs and launches out. All state is owned by the
 * {@link Scheduler}'s thread; public methods only post work to it and return futures.
 *
 * <p>Key events are debounced ({@link KeySettle}). A check publishes its answer first and its cause
 * after ({@link CheckSteps}): the icon never waits for the doctor's certificate calls.
 */
public final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    /** Configuration the watchdog needs; built from the app configuration. */
    public record Settings(ResetPolicy resetPolicy, List<String> launchCommand, Duration settle) {
        public Settings {
            Objects.requireNonNull(resetPolicy);
            launchCommand = List.copyOf(launchCommand);
            if (settle.isNegative()) {
                throw new IllegalArgumentException("settle must not be negative");
            }
        }
    }

    private final BjcaEnvironment env;
    private final Scheduler scheduler;
    private final RepairPrompt prompt;
    private final AppLauncher launcher;
    private final Settings settings;
    // --- owned by the scheduler thread ---
    private final Rechecks rechecks;
    private final StatusBoard board;
    private final CheckSteps checks;
    private final KeySettle keys;

    public Watchdog(BjcaEnvironment env, Scheduler scheduler, RepairPrompt prompt, AppLauncher launcher,
                    Settings settings) {
        this.env = env;
        this.scheduler = scheduler;
        this.prompt = prompt;
        this.launcher = launcher;
        this.settings = settings;
        this.rechecks = new Rechecks(scheduler, settings.settle(), this::recheck);
        this.board = new StatusBoard(scheduler, new WatchdogStatus(WatchState.WAITING_FOR_KEY, false,
                Optional.empty(), Optional.empty(), scheduler.now()), rechecks::stateSet);
        this.checks = new CheckSteps(env, scheduler, board);
        this.keys = new KeySettle(scheduler, settings.settle(), this::applyPresence);
    }

    public void addListener(Consumer<WatchdogEvent> listener) {
        board.addListener(listener);
    }

    public void removeListener(Consumer<WatchdogEvent> listener) {
        board.removeListener(listener);
    }

    /** The latest snapshot; any thread. */
    public WatchdogStatus status() {
        return board.published();
    }

    public Settings settings() {
        return settings;
    }

    public BjcaEnvironment environment() {
        return env;
    }

    /** Number of {@code CheckSoftDeviceEnv} checks run so far (for tests and diagnostics). */
    public CompletableFuture<Long> checksRun() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        scheduler.execute(() -> f.complete(checks.checksRun()));
        return f;
    }

    // ------------------------------------------------------------------ inputs (any thread)

    /** A key source saw something. Debounced; the final presence wins. */
    public void keyChanged(KeyPresence presence, String source) {
        scheduler.execute(() -> keys.event(presence, source));
    }

    /**
     * Follows the bridge's connection (WebSocket): a lost service takes the icon off OK at once, a
     * service that answers again is checked at once. Opens the client; call it off the icon's path.
     *
     * @return closing it ends the subscription
     */
    public AutoCloseable followConnection() {
        return env.client().onConnectionChange(new ConnectionListener() {
            @Override
            public void connected() {
                scheduler.execute(() -> onConnected());
            }

            @Override
            public void lost(String reason) {
                scheduler.execute(() -> onConnectionLost(reason));
            }
        });
    }

    /** The PC resumed or the session was unlocked ({@link SessionEvents}): look again after the settle window. */
    public void sessionChanged(SessionEvents.Change change) {
        scheduler.execute(() -> rechecks.soon(change == SessionEvents.Change.RESUMED ? "resumed from sleep"
                : "session unlocked"));
    }

    /**
     * Check now regardless of key events (menu "check now", CLI). Applies the reset policy on failure.
     * Completes with the check and its cause; with the bare answer when a newer fact replaced it first.
     */
    public CompletableFuture<CheckResult> checkNow() {
        CompletableFuture<CheckResult> f = new CompletableFuture<>();
        scheduler.execute(() -> Completions.complete(f, () -> {
            checks.run(false, new CheckSteps.Next() {
                @Override
                public void explained(CheckResult r) {
                    Completions.complete(f, () -> {
                        applyPolicy(r);
                        return r;
                    });
                }

                @Override
                public void superseded(CheckResult answer) {
                    f.complete(answer);
                }
            });
            return null; // completed by the check's second step
        }));
        return f;
    }

    /**
     * User-initiated repair (the dialog's buttons): reset, re-check, and launch when asked and OK.
     * Completes with the report, or exceptionally with the {@link SoftkeyException} that refused it.
     */
    public CompletableFuture<ResetReport> repair(boolean launchAfter) {
        CompletableFuture<ResetReport> f = new CompletableFuture<>();
        scheduler.execute(() -> Completions.complete(f, () -> runRepair(launchAfter)));
        return f;
    }

    /** Launch gate: start the nursing app only after a passing check; a failed check goes through the policy first. */
    public CompletableFuture<WatchdogEvent.Launched> launch() {
        CompletableFuture<WatchdogEvent.Launched> f = new CompletableFuture<>();
        scheduler.execute(() -> Completions.complete(f, () -> {
            checks.run(false, CheckSteps.Next.always(r -> Completions.complete(f, () -> gate(r, f))));
            return null; // completed by the check's second step
        }));
        return f;
    }

    /**
     * A check after BJCA rebuilt its environment (its assistant ran, a fresh db appeared): no reset is
     * offered again, and with {@code launchIfOk} the nursing app starts when the check passes.
     */
    public CompletableFuture<CheckResult> recheckAfterRebuild(boolean launchIfOk) {
        CompletableFuture<CheckResult> f = new CompletableFuture<>();
        scheduler.execute(() -> Completions.complete(f, () -> {
            checks.run(false, CheckSteps.Next.always(r -> Completions.complete(f, () -> {
                if (launchIfOk) {
                    if (r.ok()) {
                        doLaunch();
                    } else {
                        blocked(r);
                    }
                }
                return r;
            })));
            return null; // completed by the check's second step
        }));
        return f;
    }

    /** Undo the most recent reset that is still in quarantine. */
    public CompletableFuture<JournalEntry> undoLastRepair() {
        CompletableFuture<JournalEntry> f = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                List<JournalEntry> journal = env.store().journal();
                Optional<JournalEntry> last = journal.stream().filter(JournalEntry::restorable)
                        .reduce((a, b) -> b);
                if (last.isEmpty()) {
                    throw new SoftkeyException(SoftkeyException.Reason.UNKNOWN_ID, "no repair to undo");
                }
                JournalEntry restored = env.store().restore(last.get().id());
                board.publish(s -> new WatchdogEvent.Restored(s, restored));
                f.complete(restored);
                checks.run(false, r -> { });
            } catch (SoftkeyException e) {
                board.publish(s -> new WatchdogEvent.RepairFailed(s, e.reason(), e.getMessage()));
                f.completeExceptionally(e);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    // ------------------------------------------------------------------ owned by the scheduler thread

    private void onConnectionLost(String reason) {
        WatchdogStatus status = board.get();
        WatchState was = status.state();
        LOG.info("BJCA connection lost ({}) while {}", reason, was);
        if (was != WatchState.OK && was != WatchState.FAILED) {
            return; // waiting for a key claims nothing about BJCA; unreachable already says so
        }
        Optional<CheckResult> last = status.lastCheck();
        CheckResult lost = new CheckResult(CheckStatus.UNAVAILABLE,
                last.map(CheckResult::diagnosis).orElseGet(() -> env.store().diagnose()), List.of(), Optional.empty(),
                last.map(CheckResult::bridge).orElseGet(() -> env.client().bridge()), Optional.of(reason),
                scheduler.now());
        board.set(new WatchdogStatus(WatchState.UNAVAILABLE, status.keyPresent(), Optional.of(lost),
                status.lastReset(), scheduler.now()));
        board.publish(WatchdogEvent.StateChanged::new);
    }

    private void onConnected() {
        if (Rechecks.unreachable(board.get().state())) {
            recheck("BJCA service connected");
        }
    }

    /** Looks again without a key event: what a key event would do while waiting, a check otherwise. */
    private void recheck(String why) {
        if (board.get().state() == WatchState.WAITING_FOR_KEY) {
            applyPresence(why);
            return;
        }
        LOG.info("checking the BJCA environment again: {}", why);
        checks.run(false, this::applyPolicy);
    }

    private void applyPresence(String source) {
        boolean present = switch (keys.latest()) {
            case PRESENT -> true;
            case ABSENT -> false;
            case UNKNOWN -> askServiceForKey();
        };
        if (!present) {
            WatchdogStatus s = board.get();
            board.set(new WatchdogStatus(WatchState.WAITING_FOR_KEY, false, s.lastCheck(), s.lastReset(),
                    scheduler.now()));
            board.publish(WatchdogEvent.StateChanged::new);
            return;
        }
        LOG.info("key present ({}): checking the BJCA environment", source);
        checks.run(true, this::applyPolicy);
    }

    /** BJCA's push says only "changed": ask who is there. If the service can't say, check anyway. */
    private boolean askServiceForKey() {
        try {
            if (env.client().deviceCount() > 0) {
                return true;
            }
            return !env.client().userList().isEmpty();
        } catch (XtxException e) {
            LOG.debug("cannot ask BJCA for keys present: {}", e.getMessage());
            return true;
        }
    }

    /** What the launch gate does with its check; null when the prompt's answer completes {@code f}. */
    private WatchdogEvent.Launched gate(CheckResult r, CompletableFuture<WatchdogEvent.Launched> f)
            throws SoftkeyException {
        if (r.ok()) {
            return doLaunch();
        }
        if (r.status() == CheckStatus.FAILED && settings.resetPolicy() == ResetPolicy.AUTO) {
            return repairThenLaunch();
        }
        if (r.status() == CheckStatus.FAILED && settings.resetPolicy() == ResetPolicy.ASK) {
            prompt.offerRepair(r).whenComplete((choice, err) -> scheduler.execute(() -> {
                if (err == null && choice != RepairChoice.CANCEL) {
                    Completions.complete(f, this::repairThenLaunch);
                } else {
                    f.complete(blocked(r));
                }
            }));
            return null;
        }
        return blocked(r);
    }

    private void applyPolicy(CheckResult r) {
        if (r.status() != CheckStatus.FAILED) {
            return;
        }
        switch (settings.resetPolicy()) {
            case AUTO -> {
                try {
                    runRepair(false);
                } catch (SoftkeyException e) {
                    LOG.warn("automatic reset refused: {}", e.getMessage());
                }
            }
            case ASK -> prompt.offerRepair(r).whenComplete((choice, err) -> {
                if (err == null && choice != null && choice != RepairChoice.CANCEL) {
                    scheduler.execute(() -> {
                        try {
                            runRepair(choice == RepairChoice.REPAIR_AND_LAUNCH);
                        } catch (SoftkeyException e) {
                            LOG.warn("reset refused: {}", e.getMessage());
                        }
                    });
                }
            });
            case NEVER -> LOG.info("reset policy is 'never': reporting only");
        }
    }

    private ResetReport runRepair(boolean launchAfter) throws SoftkeyException {
        board.set(board.withState(WatchState.REPAIRING));
        board.publish(WatchdogEvent.StateChanged::new);
        ResetReport report;
        try {
            String verdict = board.get().lastCheck().map(c -> c.diagnosis().verdict().name()).orElse("unknown");
            report = env.reset("CheckSoftDeviceEnv false; db verdict " + verdict);
        } catch (SoftkeyException e) {
            // Nothing changed: go back to what the last check said.
            board.set(board.withState(board.get().lastCheck().map(c -> WatchState.of(c.status()))
                    .orElse(WatchState.FAILED)));
            board.publish(s -> new WatchdogEvent.RepairFailed(s, e.reason(), e.getMessage()));
            throw e;
        }
        checks.counted();
        CheckResult r = report.recheck();
        board.set(new WatchdogStatus(WatchState.of(r.status()), board.get().keyPresent(), Optional.of(r),
                Optional.of(report.entry()), scheduler.now()));
        board.publish(s -> new WatchdogEvent.Repaired(s, report));
        if (launchAfter) {
            if (r.ok()) {
                doLaunch();
            } else {
                blocked(r);
            }
        }
        return report;
    }

    private WatchdogEvent.Launched repairThenLaunch() throws SoftkeyException {
        ResetReport report = runRepair(false);
        return report.recheck().ok() ? doLaunch() : blocked(report.recheck());
    }

    private WatchdogEvent.Launched doLaunch() {
        WatchdogEvent.Launched ev;
        WatchdogStatus status = board.get();
        if (settings.launchCommand().isEmpty()) {
            ev = new WatchdogEvent.Launched(status, Optional.of(WatchdogEvent.Launched.NOT_CONFIGURED),
                    Optional.empty());
        } else {
            try {
                launcher.launch(settings.launchCommand());
                LOG.info("nursing app started: {}", settings.launchCommand().get(0));
                ev = new WatchdogEvent.Launched(status, Optional.empty(), Optional.empty());
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("cannot start the nursing app: {}", e.getMessage());
                ev = new WatchdogEvent.Launched(status, Optional.of(String.valueOf(e.getMessage())), Optional.empty());
            }
        }
        WatchdogEvent.Launched launched = ev;
        board.publish(s -> launched);
        return ev;
    }

    private WatchdogEvent.Launched blocked(CheckResult r) {
        WatchdogEvent.Launched ev = new WatchdogEvent.Launched(board.get(), Optional.empty(), Optional.of(r));
        board.publish(s -> ev);
        return ev;
    }
}
