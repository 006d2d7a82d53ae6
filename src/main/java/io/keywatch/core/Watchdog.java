package io.keywatch.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine: key events in, checks, repairs and launches out. All state is owned by the
 * {@link Scheduler}'s thread; public methods only post work to it and return futures.
 *
 * <p>Key events are debounced leading-edge first: the first event of a burst is acted on at once
 * (a nurse sees the result immediately), later events within the settle window collapse into one
 * trailing action with the final presence, so a storm costs a handful of checks.
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
    private final List<Consumer<WatchdogEvent>> listeners = new CopyOnWriteArrayList<>();

    // --- owned by the scheduler thread ---
    private WatchdogStatus status;
    private boolean windowOpen;
    private boolean trailingPending;
    private KeyPresence latestPresence = KeyPresence.UNKNOWN;
    private long checksRun;

    /** Last published snapshot, readable from any thread. */
    private volatile WatchdogStatus published;

    public Watchdog(BjcaEnvironment env, Scheduler scheduler, RepairPrompt prompt, AppLauncher launcher,
                    Settings settings) {
        this.env = env;
        this.scheduler = scheduler;
        this.prompt = prompt;
        this.launcher = launcher;
        this.settings = settings;
        this.status = new WatchdogStatus(WatchState.WAITING_FOR_KEY, false, Optional.empty(), Optional.empty(),
                scheduler.now());
        this.published = status;
    }

    public void addListener(Consumer<WatchdogEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<WatchdogEvent> listener) {
        listeners.remove(listener);
    }

    /** The latest snapshot; any thread. */
    public WatchdogStatus status() {
        return published;
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
        scheduler.execute(() -> f.complete(checksRun));
        return f;
    }

    // ------------------------------------------------------------------ inputs (any thread)

    /** A key source saw something. Debounced; the final presence wins. */
    public void keyChanged(KeyPresence presence, String source) {
        scheduler.execute(() -> onKeyEvent(presence, source));
    }

    /** Check now regardless of key events (menu "check now", CLI). Applies the reset policy on failure. */
    public CompletableFuture<CheckResult> checkNow() {
        CompletableFuture<CheckResult> f = new CompletableFuture<>();
        scheduler.execute(() -> complete(f, () -> {
            CheckResult r = runCheck(false);
            applyPolicy(r, false);
            return r;
        }));
        return f;
    }

    /**
     * User-initiated repair (the dialog's buttons): reset, re-check, and launch when asked and OK.
     * Completes with the report, or exceptionally with the {@link SoftkeyException} that refused it.
     */
    public CompletableFuture<ResetReport> repair(boolean launchAfter) {
        CompletableFuture<ResetReport> f = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                f.complete(runRepair(launchAfter));
            } catch (SoftkeyException e) {
                f.completeExceptionally(e);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Launch gate: start the nursing app only after a passing check; a failed check goes through the policy first. */
    public CompletableFuture<WatchdogEvent.Launched> launch() {
        CompletableFuture<WatchdogEvent.Launched> f = new CompletableFuture<>();
        scheduler.execute(() -> complete(f, () -> {
            CheckResult r = runCheck(false);
            if (r.ok()) {
                return doLaunch();
            }
            if (r.status() == CheckStatus.FAILED && settings.resetPolicy() == ResetPolicy.AUTO) {
                return repairThenLaunch();
            }
            if (r.status() == CheckStatus.FAILED && settings.resetPolicy() == ResetPolicy.ASK) {
                prompt.offerRepair(r).whenComplete((choice, err) -> scheduler.execute(() -> {
                    if (err == null && choice != RepairChoice.CANCEL) {
                        complete(f, this::repairThenLaunch);
                    } else {
                        f.complete(blocked(r));
                    }
                }));
                return null; // completed by the prompt's answer
            }
            return blocked(r);
        }));
        return f;
    }

    /**
     * A check after BJCA rebuilt its environment (its assistant ran, a fresh db appeared): no reset is
     * offered again, and with {@code launchIfOk} the nursing app starts when the check passes.
     */
    public CompletableFuture<CheckResult> recheckAfterRebuild(boolean launchIfOk) {
        CompletableFuture<CheckResult> f = new CompletableFuture<>();
        scheduler.execute(() -> complete(f, () -> {
            CheckResult r = runCheck(false);
            if (launchIfOk) {
                if (r.ok()) {
                    doLaunch();
                } else {
                    blocked(r);
                }
            }
            return r;
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
                publish(s -> new WatchdogEvent.Restored(s, restored));
                f.complete(restored);
                runCheck(false);
            } catch (SoftkeyException e) {
                publish(s -> new WatchdogEvent.RepairFailed(s, e.reason(), e.getMessage()));
                f.completeExceptionally(e);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    // ------------------------------------------------------------------ owned by the scheduler thread

    private void onKeyEvent(KeyPresence presence, String source) {
        LOG.debug("key event {} from {}", presence, source);
        latestPresence = presence;
        if (windowOpen) {
            trailingPending = true;
            return;
        }
        openWindow();
        applyPresence(source);
    }

    private void openWindow() {
        windowOpen = true;
        scheduler.schedule(this::windowClosed, settings.settle());
    }

    private void windowClosed() {
        if (trailingPending) {
            trailingPending = false;
            openWindow();
            applyPresence("settled");
        } else {
            windowOpen = false;
        }
    }

    private void applyPresence(String source) {
        boolean present = switch (latestPresence) {
            case PRESENT -> true;
            case ABSENT -> false;
            case UNKNOWN -> askServiceForKey();
        };
        if (!present) {
            setStatus(new WatchdogStatus(WatchState.WAITING_FOR_KEY, false, status.lastCheck(), status.lastReset(),
                    scheduler.now()));
            publish(WatchdogEvent.StateChanged::new);
            return;
        }
        LOG.info("key present ({}): checking the BJCA environment", source);
        CheckResult r = runCheck(true);
        applyPolicy(r, true);
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

    private CheckResult runCheck(boolean afterKeyArrival) {
        setStatus(withState(WatchState.CHECKING));
        publish(WatchdogEvent.StateChanged::new);
        checksRun++;
        CheckResult r = env.check();
        boolean keyPresent = afterKeyArrival || status.keyPresent() || !r.users().isEmpty();
        setStatus(new WatchdogStatus(WatchState.of(r.status()), keyPresent, Optional.of(r), status.lastReset(),
                scheduler.now()));
        LOG.info("check: {} (db {}, bridge {})", r.status(), r.diagnosis().verdict(), r.bridge());
        publish(s -> new WatchdogEvent.Checked(s, r, afterKeyArrival));
        return r;
    }

    private void applyPolicy(CheckResult r, boolean afterKeyArrival) {
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
        setStatus(withState(WatchState.REPAIRING));
        publish(WatchdogEvent.StateChanged::new);
        ResetReport report;
        try {
            String verdict = status.lastCheck().map(c -> c.diagnosis().verdict().name()).orElse("unknown");
            report = env.reset("CheckSoftDeviceEnv false; db verdict " + verdict);
        } catch (SoftkeyException e) {
            // Nothing changed: go back to what the last check said.
            setStatus(withState(status.lastCheck().map(c -> WatchState.of(c.status())).orElse(WatchState.FAILED)));
            publish(s -> new WatchdogEvent.RepairFailed(s, e.reason(), e.getMessage()));
            throw e;
        }
        checksRun++;
        CheckResult r = report.recheck();
        setStatus(new WatchdogStatus(WatchState.of(r.status()), status.keyPresent(), Optional.of(r),
                Optional.of(report.entry()), scheduler.now()));
        publish(s -> new WatchdogEvent.Repaired(s, report));
        if (launchAfter) {
            if (r.ok()) {
                doLaunch();
            } else {
                publishLaunch(blocked(r));
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
        publishLaunch(ev);
        return ev;
    }

    private WatchdogEvent.Launched blocked(CheckResult r) {
        WatchdogEvent.Launched ev = new WatchdogEvent.Launched(status, Optional.empty(), Optional.of(r));
        publishLaunch(ev);
        return ev;
    }

    private void publishLaunch(WatchdogEvent.Launched ev) {
        publish(s -> ev);
    }

    private WatchdogStatus withState(WatchState state) {
        return new WatchdogStatus(state, status.keyPresent(), status.lastCheck(), status.lastReset(), scheduler.now());
    }

    private void setStatus(WatchdogStatus s) {
        status = s;
        published = s;
    }

    private void publish(java.util.function.Function<WatchdogStatus, WatchdogEvent> make) {
        WatchdogEvent ev = make.apply(status);
        for (Consumer<WatchdogEvent> l : listeners) {
            try {
                l.accept(ev);
            } catch (RuntimeException e) {
                LOG.warn("status listener failed", e);
            }
        }
    }

    interface Work<T> {
        T run() throws Exception;
    }

    /** Completes f with the work's value; a null value means the work completes f itself later. */
    private static <T> void complete(CompletableFuture<T> f, Work<T> work) {
        try {
            T v = work.run();
            if (v != null) {
                f.complete(v);
            }
        } catch (Exception e) {
            f.completeExceptionally(e);
        }
    }
}
