package io.keywatch.tray;

import io.keywatch.core.CheckResult;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.Watchdog;
import java.awt.EventQueue;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The tray's two windows: the repair dialog (it answers the watchdog's open question, or repairs
 * directly when none is open) and the doctor window. A second open brings the open one to the front.
 * Event dispatch thread only.
 */
final class TrayDialogs {
    /** How long the repair dialog waits for the watchdog to finish a repair it was asked for. */
    static final long PROMPTED_REPAIR_MINUTES = 5;

    private final Watchdog watchdog;
    private final TrayTexts texts;
    private final TrayActions actions;
    private final TrayRepairPrompt prompt;
    private final Notices notices;
    private RepairDialog dialog;
    private DoctorWindow doctorWindow;
    /** Completed by the next repair outcome event while a repair answered through the prompt runs. */
    private CompletableFuture<Void> promptedRepair;
    private boolean launchWanted;
    private boolean closed;

    TrayDialogs(Watchdog watchdog, TrayTexts texts, TrayActions actions, TrayRepairPrompt prompt, Notices notices) {
        this.watchdog = watchdog;
        this.texts = texts;
        this.actions = actions;
        this.prompt = prompt;
        this.notices = notices;
    }

    /** The repair dialog, for the question the watchdog has open or else for its last check. */
    void openRepair() {
        if (closed) {
            return;
        }
        if (dialog != null && dialog.isShowing()) {
            dialog.show();
            return;
        }
        Optional<CheckResult> failed = prompt.pending().or(() -> watchdog.status().lastCheck());
        dialog = new RepairDialog(texts, texts.dialogHeading(failed), texts.dialogExplanation(failed), this::chosen);
        dialog.show();
    }

    /** "Check the environment": the doctor window, where a doctor is wired. */
    void openDoctor() {
        if (closed || actions.runDoctor().isEmpty()) {
            return;
        }
        if (doctorWindow == null || !doctorWindow.isShowing()) {
            doctorWindow = new DoctorWindow(texts, actions.runDoctor().get(),
                    r -> watchdog.repair(false).handle((report, err) -> null));
        }
        doctorWindow.show();
    }

    /** A repair ended (Repaired or RepairFailed): a dialog waiting for the watchdog's repair may close. */
    void repairEnded() {
        if (promptedRepair != null) {
            promptedRepair.complete(null);
            promptedRepair = null;
        }
    }

    /** Whether the nurse's last choice in the dialog asked for the nursing app after the repair. */
    boolean launchWanted() {
        return launchWanted;
    }

    void close() {
        closed = true;
        if (dialog != null) {
            dialog.dispose();
            dialog = null;
        }
        if (doctorWindow != null) {
            doctorWindow.dispose();
            doctorWindow = null;
        }
    }

    boolean repairShowing() {
        return dialog != null && dialog.isShowing();
    }

    // No method references or lambdas naming the two windows here or in TrayApp: the AppCDS dump
    // resolves every lambda's types in the classes it archives, which would put the windows and the
    // Swing classes they need (about 250 KB) into the archive every idle tray maps.
    Optional<RepairDialog> repairDialog() {
        return dialog != null && dialog.isShowing() ? Optional.of(dialog) : Optional.empty();
    }

    Optional<DoctorWindow> doctorWindow() {
        return doctorWindow != null && doctorWindow.isShowing() ? Optional.of(doctorWindow) : Optional.empty();
    }

    /** The dialog's answer: complete the watchdog's open question, or repair directly when none is open. */
    private CompletionStage<?> chosen(RepairChoice choice) {
        launchWanted = choice == RepairChoice.REPAIR_AND_LAUNCH;
        if (choice == RepairChoice.CANCEL) {
            prompt.answer(RepairChoice.CANCEL);
            return CompletableFuture.completedFuture(null);
        }
        if (promptedRepair == null && prompt.answer(choice)) {
            // The watchdog repairs on its own thread; its Repaired/RepairFailed event ends the wait.
            promptedRepair = new CompletableFuture<>();
            return promptedRepair.orTimeout(PROMPTED_REPAIR_MINUTES, TimeUnit.MINUTES);
        }
        return watchdog.repair(choice == RepairChoice.REPAIR_AND_LAUNCH).handle((report, err) -> {
            if (err != null && !(Failures.unwrap(err) instanceof SoftkeyException)) {
                EventQueue.invokeLater(() -> notices.show(texts.actionFailed(texts.messages().get("tray.menu.repair"),
                        Failures.cause(err))));
            }
            return null;
        });
    }
}
