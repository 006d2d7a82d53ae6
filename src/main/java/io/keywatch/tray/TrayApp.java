package io.keywatch.tray;

import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.tray.MenuEntries.Entry;
import java.awt.EventQueue;
import java.awt.Point;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray face of the watchdog: it follows the watchdog's events and hands them to its parts, the
 * {@link TrayHost} (the icon's place in the tray), the {@link TrayIconView} (icon, tooltip, menu),
 * {@link Notices} (balloons, or console lines), {@link TrayDialogs} (repair dialog, doctor window)
 * and {@link MenuCommands} (what the menu's entries do).
 *
 * <p>Threads: every watchdog callback hops to the AWT event thread, which owns all parts; actions that
 * take time (repair, check, file manager) run on the watchdog's thread or a pool and report back
 * through events. Without a usable tray the same texts go to a {@link ConsoleNotifier}; a slow timer
 * looks for a tray host only while there is none.
 *
 * <p>Wiring: {@code prompt = new TrayRepairPrompt()}, {@code new Watchdog(..., prompt, ...)},
 * {@code new TrayApp(watchdog, messages, actions, prompt).start()}.
 */
public final class TrayApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrayApp.class);

    /** A notification as it was shown: in the tray, or on the console. For the status channel and tests. */
    public record Shown(Balloon balloon, boolean inTray) { }

    private final Watchdog watchdog;
    private final TrayTexts texts;
    private final TrayActions actions;
    private final TrayRepairPrompt prompt;
    private final Consumer<WatchdogEvent> watchdogListener = ev -> EventQueue.invokeLater(() -> onEvent(ev));
    private final TrayMenu menu;
    private final TrayIconView view;
    private final TrayHost host;
    private final Notices notices;
    private final TrayDialogs dialogs;
    private final MenuCommands commands;

    private volatile WatchState shownState = WatchState.WAITING_FOR_KEY;

    // --- owned by the event dispatch thread ---
    private boolean closed;
    /**
     * The next step after a repair whose re-check fails (BJCA's assistant), made when first needed (its
     * classes are not on the idle tray's path); null: none wired.
     */
    private java.util.function.Supplier<TrayAssistant> assistantMaker;
    private TrayAssistant assistant;

    public TrayApp(Watchdog watchdog, Messages messages, TrayActions actions, TrayRepairPrompt prompt) {
        this(watchdog, messages, actions, prompt, new ConsoleNotifier(System.out));
    }

    TrayApp(Watchdog watchdog, Messages messages, TrayActions actions, TrayRepairPrompt prompt,
            ConsoleNotifier console) {
        this.watchdog = watchdog;
        this.texts = new TrayTexts(messages);
        this.actions = actions;
        this.prompt = prompt;
        this.menu = new TrayMenu(texts, actions, new TrayMenu.Handler() {
            @Override
            public void chosen(Entry entry) {
                menuChosen(entry);
            }

            @Override
            public void autostart(io.keywatch.platform.Autostart autostart, boolean on) {
                commands.autostart(autostart, on, menu);
            }
        });
        this.view = new TrayIconView(texts, menu, this::iconActivated,
                () -> shownState == WatchState.FAILED || hasCause());
        this.host = new TrayHost(messages, () -> view.icon(watchdog.status()), new TrayHost.Listener() {
            @Override
            public void shown(boolean back) {
                render(watchdog.status());
                if (back) {
                    notices.show(texts.trayBack());
                }
            }

            @Override
            public void lost(String reason) {
                notices.show(texts.noTray(reason));
            }
        });
        this.notices = new Notices(texts, console, host::inTray, view::balloon);
        this.dialogs = new TrayDialogs(watchdog, texts, actions, prompt, notices);
        this.commands = new MenuCommands(watchdog, texts, actions, notices, () -> closed);
    }

    /** Console-only variant for tests and for the CLI's own output stream. */
    public static TrayApp withConsole(Watchdog watchdog, Messages messages, TrayActions actions,
                                      TrayRepairPrompt prompt, PrintStream out) {
        return new TrayApp(watchdog, messages, actions, prompt, new ConsoleNotifier(out));
    }

    /** Shows the icon (or falls back to the console) and starts following the watchdog. Any thread. */
    public void start() {
        UncaughtExceptions.install(); // AWT's tray peer can throw on the event thread when the host goes
        watchdog.addListener(watchdogListener);
        prompt.onOffer(failed -> EventQueue.invokeLater(() -> onOffer(failed)));
        EventQueue.invokeLater(() -> {
            host.install();
            render(watchdog.status());
        });
    }

    /** Removes the icon, closes the dialog, answers an open question with CANCEL. Any thread; idempotent. */
    @Override
    public void close() {
        watchdog.removeListener(watchdogListener);
        prompt.onOffer(r -> { });
        prompt.cancelPending();
        Failures.onEdt(() -> {
            if (closed) {
                return;
            }
            closed = true;
            dialogs.close();
            host.close();
        });
    }

    /** Offer BJCA's assistant after a repair whose re-check still fails. Any thread, before or after start. */
    public void assistantStep(TrayAssistant step) {
        // A class, not a lambda: the AppCDS dump resolves a lambda's types and would archive TrayAssistant.
        assistantStep(new java.util.function.Supplier<TrayAssistant>() {
            @Override
            public TrayAssistant get() {
                return step;
            }
        });
    }

    /** As {@link #assistantStep(TrayAssistant)}, the step made on the event thread the first time it is needed. */
    public void assistantStep(java.util.function.Supplier<TrayAssistant> maker) {
        EventQueue.invokeLater(() -> {
            assistantMaker = maker;
            assistant = null;
        });
    }

    /** "What is going on?": the status balloon, e.g. when a second start hands over. Any thread. */
    public void showStatus() {
        EventQueue.invokeLater(() -> notices.show(texts.status(watchdog.status())));
    }

    /** Called with every notification shown, on the event thread. */
    public void addShownListener(Consumer<Shown> listener) {
        notices.addListener(listener);
    }

    /** True while the icon is in a tray; false while notifications go to the console. */
    public boolean inTray() {
        return host.inTray();
    }

    /** Why there is no tray icon right now, if there is none. */
    public Optional<String> noTrayReason() {
        return host.noTrayReason();
    }

    /** The state the icon shows now. */
    public WatchState shownState() {
        return shownState;
    }

    // ------------------------------------------------------------------ watchdog events (EDT)

    private void onEvent(WatchdogEvent ev) {
        if (closed) {
            return;
        }
        render(ev.status());
        if (ev instanceof WatchdogEvent.Checked c) {
            if (c.afterKeyArrival()) {
                notices.announce(c.result());
            }
            return;
        }
        if (ev instanceof WatchdogEvent.Repaired || ev instanceof WatchdogEvent.RepairFailed) {
            dialogs.repairEnded();
            if (ev instanceof WatchdogEvent.Repaired r) {
                notices.repaired(r.report().recheck());
            }
            if (assistantMaker != null && host.inTray()) {
                TrayAssistant.calledFor(ev).ifPresent(report -> {
                    if (assistant == null) {
                        assistant = assistantMaker.get();
                    }
                    assistant.offer(report, dialogs.launchWanted());
                });
            }
        }
        texts.forEvent(ev).ifPresent(notices::show);
    }

    /** The watchdog asks "repair?": say so (once per failed check); without a tray nobody can answer. */
    private void onOffer(CheckResult failed) {
        if (closed) {
            return;
        }
        if (!notices.offered(failed)) {
            LOG.info("no tray to ask in: repair not offered interactively");
            prompt.cancelPending();
        }
    }

    private void render(WatchdogStatus s) {
        WatchState previous = shownState;
        shownState = s.state();
        if (!view.created()) {
            return; // no icon yet (none is made without a tray): nothing to draw
        }
        view.render(s);
        BenchMarks.iconChanged(previous, s.state());
    }

    // ------------------------------------------------------------------ the icon and the menu (EDT)

    private void iconActivated() {
        if (shownState == WatchState.FAILED || prompt.pending().isPresent()) {
            dialogs.openRepair();
        } else if (hasCause() && actions.runDoctor().isPresent()) {
            dialogs.openDoctor();
        } else {
            notices.show(texts.status(watchdog.status()));
        }
    }

    /** The last check found a cause the nurse should hear about (a balloon click opens the doctor). */
    private boolean hasCause() {
        WatchdogStatus s = watchdog.status();
        return s.state() == WatchState.OK && s.keyPresent() && s.lastCheck().flatMap(CheckResult::cause).isPresent();
    }

    private void menuChosen(Entry entry) {
        switch (entry) {
            case CHECK_NOW -> commands.checkNow();
            case REPAIR -> dialogs.openRepair();
            case DOCTOR -> dialogs.openDoctor();
            case LAUNCH -> commands.launch();
            case UNDO -> commands.undo();
            case LOGS -> commands.openLogFolder();
            case DIAGNOSTICS -> commands.exportDiagnostics();
            case ABOUT -> notices.show(texts.about(actions.version()));
            case EXIT -> {
                close();
                actions.exit();
            }
            case STATUS, SEPARATOR, AUTOSTART -> { } // not chosen like the others
        }
    }

    // ------------------------------------------------------------------ for tests (EDT)

    void checkNow() {
        commands.checkNow();
    }

    void undo() {
        commands.undo();
    }

    void openDialog() {
        dialogs.openRepair();
    }

    void openDoctor() {
        dialogs.openDoctor();
    }

    boolean searchingForTray() {
        return host.searching();
    }

    boolean dialogShowing() {
        return dialogs.repairShowing();
    }

    boolean doctorShowing() {
        return dialogs.doctorWindow().isPresent();
    }

    Optional<DoctorWindow> doctorWindow() {
        return dialogs.doctorWindow();
    }

    /** Where the repair dialog's button is on screen (UI tests click it from outside). */
    Optional<Point> dialogButton(RepairChoice choice) {
        Optional<RepairDialog> d = dialogs.repairDialog();  // no lambda: see TrayDialogs.repairDialog
        return d.isPresent() ? d.get().buttonCentre(choice) : Optional.empty();
    }

    Optional<Point> dialogButtonInDialog(RepairChoice choice) {
        Optional<RepairDialog> d = dialogs.repairDialog();
        return d.isPresent() ? d.get().buttonCentreInDialog(choice) : Optional.empty();
    }
}
