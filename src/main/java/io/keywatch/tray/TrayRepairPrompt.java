package io.keywatch.tray;

import io.keywatch.core.CheckResult;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.RepairPrompt;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The watchdog's {@link RepairPrompt} for the tray. Create it first, hand it to the {@code Watchdog}
 * constructor and to {@link TrayApp}. At most one offer is open: a newer offer answers the older one
 * with {@link RepairChoice#CANCEL}, so no caller waits forever on a question nobody will answer.
 */
public final class TrayRepairPrompt implements RepairPrompt {
    private record Offer(CheckResult failed, CompletableFuture<RepairChoice> answer) { }

    private Offer open;
    private volatile Consumer<CheckResult> onOffer = r -> { };

    /** Called (on the watchdog thread) for every new offer; the tray hops to its own thread. */
    void onOffer(Consumer<CheckResult> listener) {
        this.onOffer = listener;
    }

    @Override
    public CompletionStage<RepairChoice> offerRepair(CheckResult failed) {
        CompletableFuture<RepairChoice> answer = new CompletableFuture<>();
        Offer superseded;
        synchronized (this) {
            superseded = open;
            open = new Offer(failed, answer);
        }
        if (superseded != null) {
            superseded.answer().complete(RepairChoice.CANCEL);
        }
        onOffer.accept(failed);
        return answer;
    }

    /** The failed check of the open offer, if one is waiting for an answer. */
    public synchronized Optional<CheckResult> pending() {
        return Optional.ofNullable(open).map(Offer::failed);
    }

    /** Answers the open offer; false when none is open (then the caller repairs directly). */
    public boolean answer(RepairChoice choice) {
        Offer o;
        synchronized (this) {
            o = open;
            open = null;
        }
        return o != null && o.answer().complete(choice);
    }

    /** Closes the open offer with CANCEL (tray closing, no tray to ask in). */
    public void cancelPending() {
        answer(RepairChoice.CANCEL);
    }
}
