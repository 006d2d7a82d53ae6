package io.keywatch.tray;

import io.keywatch.assistant.AssistantLocator;
import io.keywatch.assistant.AssistantPath;
import io.keywatch.assistant.AssistantTexts;
import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import io.keywatch.core.ResetReport;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import java.awt.EventQueue;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray's next step after a repair whose re-check still fails: a dialog says the db is safe and BJCA
 * has not rebuilt its environment yet and offers BJCA's certificate assistant; on "start" the assistant
 * path runs on a thread of its own (the shell asks for the nurse's consent to elevation), the re-check
 * is the watchdog's (so the icon follows) and starts the nursing app when the nurse had asked for it.
 * The dialog then says in one sentence how it ended. UI on the event thread, behind {@link View}.
 */
public final class TrayAssistant {
    private static final Logger LOG = LoggerFactory.getLogger(TrayAssistant.class);

    /** What the nurse sees; {@link AssistantDialog} in the tray, a fake in tests. EDT. */
    interface View {
        /** The offer; {@code start} is null when there is nothing to start (then only "close"). */
        void offer(String situation, String offer, Runnable start);

        void waiting(String text);

        void outcome(String text, boolean ok);
    }

    private final Watchdog watchdog;
    private final Messages messages;
    private final AssistantPath path;
    private final java.util.function.Supplier<View> views;
    private CompletableFuture<AssistantPath.Outcome> running;

    public TrayAssistant(Watchdog watchdog, Messages messages, AssistantPath path) {
        this(watchdog, messages, path, () -> new AssistantDialog(messages));
    }

    TrayAssistant(Watchdog watchdog, Messages messages, AssistantPath path, java.util.function.Supplier<View> views) {
        this.watchdog = watchdog;
        this.messages = messages;
        this.path = path;
        this.views = views;
    }

    /** The repair event that calls for the offer, if {@code ev} is one. */
    static Optional<ResetReport> calledFor(WatchdogEvent ev) {
        return ev instanceof WatchdogEvent.Repaired r
                && AssistantPath.nextStep(r.report().recheck()) == AssistantPath.NextStep.START_ASSISTANT
                ? Optional.of(r.report()) : Optional.empty();
    }

    /** Shows the offer for a repair whose re-check failed (EDT); one at a time. */
    void offer(ResetReport report, boolean launchWanted) {
        if (running != null && !running.isDone()) {
            LOG.info("BJCA's assistant path is already running: no second offer");
            return;
        }
        CheckResult failed = report.recheck();
        View view = views.get();
        AssistantLocator.Lookup lookup = path.lookup();
        boolean canStart = lookup instanceof AssistantLocator.Found;
        view.offer(AssistantTexts.situation(messages, failed), AssistantTexts.offer(messages, lookup),
                canStart ? () -> start(view, launchWanted) : null);
    }

    /** The nurse chose "start" (EDT): the path runs off the event thread. */
    CompletableFuture<AssistantPath.Outcome> start(View view, boolean launchWanted) {
        view.waiting(messages.get("tray.assistant.waiting", Math.max(1, path.limit().toMinutes())));
        running = CompletableFuture.supplyAsync(() -> {
            try {
                return path.run(() -> watchdog.recheckAfterRebuild(launchWanted).join(), new AssistantPath.Listener() { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "bjca-assistant-path");
            t.setDaemon(true);
            t.start();
        });
        running.whenComplete((o, err) -> EventQueue.invokeLater(() -> {
            if (err != null) {
                LOG.warn("BJCA's assistant path failed", err);
                view.outcome(messages.get("assistant.missing.whatToDo"), false);
            } else {
                view.outcome(AssistantTexts.outcome(messages, o, path.limit()), o.ok());
            }
        }));
        return running;
    }
}
