package io.keywatch.tray;

import io.keywatch.core.CheckResult;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.core.Messages;
import io.keywatch.platform.Autostart;
import java.awt.AWTError;
import java.awt.AWTException;
import java.awt.CheckboxMenuItem;
import java.awt.Desktop;
import java.awt.EventQueue;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.Point;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.ActionListener;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.swing.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray face of the watchdog: icon per state, tooltip, balloons, menu, and the repair dialog.
 *
 * <p>Threads: every watchdog callback hops to the AWT event thread, which owns all fields below the
 * marker; actions that take time (repair, check, file manager) run on the watchdog's thread or a
 * pool and report back through events. Without a usable tray the same texts go to a
 * {@link ConsoleNotifier}; a slow timer looks for a tray host only while there is none.
 *
 * <p>Wiring: {@code prompt = new TrayRepairPrompt()}, {@code new Watchdog(..., prompt, ...)},
 * {@code new TrayApp(watchdog, messages, actions, prompt).start()}.
 */
public final class TrayApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrayApp.class);
    /** How often to look for a tray host while there is none; nothing polls while the icon is shown. */
    static final int TRAY_SEARCH_MILLIS = 2000;
    static final Font MENU_FONT = new Font(Font.DIALOG, Font.PLAIN, 13);
    /**
     * Opt-in for src/bench ({@code -Dkeywatch.bench.marks=true}): one stdout line per icon state change,
     * {@code keywatch.bench icon STATE EPOCH_MICROS}, written on the event thread once the icon shows it.
     */
    private static final boolean BENCH_MARKS = Boolean.getBoolean("keywatch.bench.marks");

    /** A notification as it was shown: in the tray, or on the console. For the status channel and tests. */
    public record Shown(Balloon balloon, boolean inTray) { }

    private final Watchdog watchdog;
    private final TrayTexts texts;
    private final TrayActions actions;
    private final TrayRepairPrompt prompt;
    private final ConsoleNotifier console;
    private final List<Consumer<Shown>> shownListeners = new CopyOnWriteArrayList<>();
    private final Consumer<WatchdogEvent> watchdogListener = ev -> EventQueue.invokeLater(() -> onEvent(ev));
    private final PropertyChangeListener trayListener = this::onTrayChange;

    private volatile boolean inTray;
    private volatile WatchState shownState = WatchState.WAITING_FOR_KEY;
    private volatile String noTrayReason;

    // --- owned by the event dispatch thread ---
    private TrayIcon trayIcon;
    private PopupMenu menu;
    private MenuItem statusItem;
    private MenuItem checkItem;
    private MenuItem repairItem;
    private MenuItem launchItem;
    private MenuItem undoItem;
    private CheckboxMenuItem autostartItem;
    private boolean listeningToTray;
    private Timer traySearch;
    private RepairDialog dialog;
    private DoctorWindow doctorWindow;
    /** The state the icon's image shows: a failing doctor cause shows red over BJCA's OK. */
    private WatchState iconShown;
    /** The check whose result was last announced, so one result never gets two balloons. */
    private CheckResult announced;
    /** Completed by the next repair outcome event while a repair answered through the prompt runs. */
    private CompletableFuture<Void> promptedRepair;
    private boolean closed;
    /** The next step after a repair whose re-check fails (BJCA's assistant); null: none wired. */
    private TrayAssistant assistant;
    private boolean launchWanted;

    public TrayApp(Watchdog watchdog, Messages messages, TrayActions actions, TrayRepairPrompt prompt) {
        this(watchdog, messages, actions, prompt, new ConsoleNotifier(System.out));
    }

    TrayApp(Watchdog watchdog, Messages messages, TrayActions actions, TrayRepairPrompt prompt,
            ConsoleNotifier console) {
        this.watchdog = watchdog;
        this.texts = new TrayTexts(messages);
        this.actions = actions;
        this.prompt = prompt;
        this.console = console;
    }

    /** Console-only variant for tests and for the CLI's own output stream. */
    public static TrayApp withConsole(Watchdog watchdog, Messages messages, TrayActions actions,
                                      TrayRepairPrompt prompt, PrintStream out) {
        return new TrayApp(watchdog, messages, actions, prompt, new ConsoleNotifier(out));
    }

    /** Shows the icon (or falls back to the console) and starts following the watchdog. Any thread. */
    public void start() {
        watchdog.addListener(watchdogListener);
        prompt.onOffer(failed -> EventQueue.invokeLater(() -> onOffer(failed)));
        EventQueue.invokeLater(() -> {
            installTray();
            render(watchdog.status());
        });
    }

    /** Removes the icon, closes the dialog, answers an open question with CANCEL. Any thread; idempotent. */
    @Override
    public void close() {
        watchdog.removeListener(watchdogListener);
        prompt.onOffer(r -> { });
        prompt.cancelPending();
        onEdt(() -> {
            if (closed) {
                return;
            }
            closed = true;
            stopTraySearch();
            if (dialog != null) {
                dialog.dispose();
                dialog = null;
            }
            if (doctorWindow != null) {
                doctorWindow.dispose();
                doctorWindow = null;
            }
            try {
                if (listeningToTray) {
                    SystemTray.getSystemTray().removePropertyChangeListener("systemTray", trayListener);
                    SystemTray.getSystemTray().removePropertyChangeListener("trayIcons", trayListener);
                    listeningToTray = false;
                }
                if (trayIcon != null && inTray) {
                    SystemTray.getSystemTray().remove(trayIcon);
                }
            } catch (UnsupportedOperationException e) {
                LOG.debug("tray gone while closing: {}", e.getMessage()); // nothing left to remove
            }
            inTray = false;
        });
    }

    /** Offer BJCA's assistant after a repair whose re-check still fails. Any thread, before or after start. */
    public void assistantStep(TrayAssistant step) {
        EventQueue.invokeLater(() -> assistant = step);
    }

    /** "What is going on?": the status balloon, e.g. when a second start hands over. Any thread. */
    public void showStatus() {
        EventQueue.invokeLater(() -> notify(texts.status(watchdog.status())));
    }

    /** Called with every notification shown, on the event thread. */
    public void addShownListener(Consumer<Shown> listener) {
        shownListeners.add(listener);
    }

    /** True while the icon is in a tray; false while notifications go to the console. */
    public boolean inTray() {
        return inTray;
    }

    /** Why there is no tray icon right now, if there is none. */
    public Optional<String> noTrayReason() {
        return inTray ? Optional.empty() : Optional.ofNullable(noTrayReason);
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
                announce(c.result());
            }
            return;
        }
        if (ev instanceof WatchdogEvent.Repaired || ev instanceof WatchdogEvent.RepairFailed) {
            if (promptedRepair != null) {
                promptedRepair.complete(null);
                promptedRepair = null;
            }
            if (ev instanceof WatchdogEvent.Repaired r) {
                announced = r.report().recheck();
            }
            if (assistant != null && inTray) {
                TrayAssistant.calledFor(ev).ifPresent(report -> assistant.offer(report, launchWanted));
            }
        }
        texts.forEvent(ev).ifPresent(this::notify);
    }

    /** The watchdog asks "repair?": say so (once per failed check); without a tray nobody can answer. */
    private void onOffer(CheckResult failed) {
        if (closed) {
            return;
        }
        if (!inTray) {
            if (announced != failed) {
                announced = failed;
                notify(texts.forCheckOnConsole(failed));
            }
            LOG.info("no tray to ask in: repair not offered interactively");
            prompt.cancelPending();
            return;
        }
        announce(failed);
    }

    private void announce(CheckResult r) {
        if (announced == r) {
            return;
        }
        announced = r;
        notify(inTray ? texts.forCheck(r) : texts.forCheckOnConsole(r));
        if (BENCH_MARKS) {
            java.time.Instant t = java.time.Instant.now();
            System.out.println("keywatch.bench icon BALLOON:" + r.cause().map(c -> c.id()).orElse("none") + " "
                    + (t.getEpochSecond() * 1_000_000L + t.getNano() / 1000));
        }
    }

    private void notify(Balloon b) {
        boolean shownInTray = inTray && trayIcon != null;
        if (shownInTray) {
            LOG.info("balloon: {} — {}", b.title(), b.text());
            trayIcon.displayMessage(b.title(), b.text(), switch (b.kind()) {
                case INFO -> TrayIcon.MessageType.INFO;
                case WARNING -> TrayIcon.MessageType.WARNING;
                case ERROR -> TrayIcon.MessageType.ERROR;
            });
        } else {
            console.show(b);
        }
        Shown shown = new Shown(b, shownInTray);
        for (Consumer<Shown> l : shownListeners) {
            try {
                l.accept(shown);
            } catch (RuntimeException e) {
                LOG.warn("notification listener failed", e);
            }
        }
    }

    private void render(WatchdogStatus s) {
        WatchState previous = shownState;
        shownState = s.state();
        if (trayIcon == null) {
            return;
        }
        WatchState icon = TrayTexts.iconState(s);
        if (icon != iconShown || trayIcon.getImage() == null) {
            iconShown = icon;
            trayIcon.setImage(StateIcons.icon(icon, iconSize()));
        }
        trayIcon.setToolTip(texts.tooltip(s));
        statusItem.setLabel(BalloonText.fit(texts.statusLine(s), 80));
        boolean busy = s.state() == WatchState.CHECKING || s.state() == WatchState.REPAIRING;
        checkItem.setEnabled(!busy);
        repairItem.setEnabled(!busy);
        launchItem.setEnabled(!busy);
        undoItem.setEnabled(!busy);
        if (BENCH_MARKS && previous != s.state()) {
            java.time.Instant t = java.time.Instant.now();
            long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
            System.out.println("keywatch.bench icon " + s.state() + " " + micros);
        }
    }

    // ------------------------------------------------------------------ the tray itself (EDT)

    private void installTray() {
        if (closed) {
            return;
        }
        Optional<String> missing = trayUnavailable();
        if (missing.isPresent()) {
            noTray(missing.get());
            return;
        }
        try {
            SystemTray tray = SystemTray.getSystemTray();
            if (!listeningToTray) {
                tray.addPropertyChangeListener("systemTray", trayListener);
                tray.addPropertyChangeListener("trayIcons", trayListener);
                listeningToTray = true;
            }
            if (trayIcon == null) {
                trayIcon = createIcon();
            }
            if (!Arrays.asList(tray.getTrayIcons()).contains(trayIcon)) {
                tray.add(trayIcon);
            }
            boolean wasMissing = !inTray && noTrayReason != null;
            inTray = true;
            stopTraySearch();
            render(watchdog.status());
            LOG.info("tray icon shown");
            if (wasMissing) {
                noTrayReason = null;
                notify(texts.trayBack());
            }
        } catch (AWTException | RuntimeException | AWTError e) {
            LOG.warn("cannot add the tray icon", e);
            noTray(texts.messages().get("tray.noTray.error", String.valueOf(e.getMessage())));
        }
    }

    /** Why a tray icon cannot be shown now, or empty when it can. */
    static Optional<String> trayUnavailable(Messages m) {
        if (GraphicsEnvironment.isHeadless()) {
            return Optional.of(m.get("tray.noTray.headless"));
        }
        try {
            if (!SystemTray.isSupported()) {
                return Optional.of(m.get("tray.noTray.unsupported"));
            }
        } catch (AWTError | RuntimeException e) {
            return Optional.of(m.get("tray.noTray.error", String.valueOf(e.getMessage())));
        }
        return Optional.empty();
    }

    private Optional<String> trayUnavailable() {
        return trayUnavailable(texts.messages());
    }

    private void noTray(String reason) {
        boolean changed = inTray || !reason.equals(noTrayReason);
        inTray = false;
        noTrayReason = reason;
        if (changed) {
            notify(texts.noTray(reason));
        }
        if (!GraphicsEnvironment.isHeadless()) {
            startTraySearch(); // a tray host may start later (session start-up order, restart)
        }
    }

    private void onTrayChange(PropertyChangeEvent e) {
        onEdt(() -> {
            if (closed) {
                return;
            }
            if ("systemTray".equals(e.getPropertyName()) && e.getNewValue() == null) {
                LOG.warn("the tray host went away");
                noTray(texts.messages().get("tray.noTray.hostGone"));
            } else if ("systemTray".equals(e.getPropertyName())) {
                LOG.info("a tray host appeared");
                // AWT re-docks its icons in a task queued with this event: check after it.
                EventQueue.invokeLater(this::installTray);
            } else if (inTray && trayIcon != null && SystemTray.isSupported()
                    && !Arrays.asList(SystemTray.getSystemTray().getTrayIcons()).contains(trayIcon)) {
                LOG.warn("the tray dropped the KeyWatch icon: adding it again");
                inTray = false;
                installTray();
            }
        });
    }

    private void startTraySearch() {
        if (traySearch == null) {
            traySearch = new Timer(TRAY_SEARCH_MILLIS, e -> {
                if (!inTray && trayUnavailable().isEmpty()) {
                    installTray();
                }
            });
            traySearch.setRepeats(true);
        }
        if (!traySearch.isRunning()) {
            traySearch.start();
        }
    }

    private void stopTraySearch() {
        if (traySearch != null) {
            traySearch.stop();
        }
    }

    /** True while a tray host is being looked for (tests: no polling while the icon is shown). */
    boolean searchingForTray() {
        return traySearch != null && traySearch.isRunning();
    }

    private int iconSize() {
        try {
            return SystemTray.getSystemTray().getTrayIconSize().height;
        } catch (RuntimeException e) {
            return 16;
        }
    }

    private TrayIcon createIcon() {
        menu = buildMenu();
        TrayIcon icon = new TrayIcon(StateIcons.icon(shownState, iconSize()), "KeyWatch", menu);
        icon.setImageAutoSize(true);
        // Balloon click (Windows), single click (X11), double click (Windows icon).
        icon.addActionListener(e -> iconActivated());
        icon.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getButton() == MouseEvent.BUTTON1 && (shownState == WatchState.FAILED || hasCause())) {
                    iconActivated();
                }
            }
        });
        return icon;
    }

    private PopupMenu buildMenu() {
        var m = texts.messages();
        PopupMenu popup = new PopupMenu("KeyWatch");
        // AWT menus on X11 draw with the component's font: a logical font falls back to CJK glyphs.
        popup.setFont(MENU_FONT);
        statusItem = new MenuItem(texts.statusLine(watchdog.status()));
        statusItem.setEnabled(false);
        popup.add(statusItem);
        popup.addSeparator();
        checkItem = item(popup, m.get("tray.menu.checkNow"), e -> checkNow());
        repairItem = item(popup, m.get("tray.menu.repair"), e -> openDialog());
        actions.runDoctor().ifPresent(d -> item(popup, m.get("tray.menu.doctor"), e -> openDoctor()));
        launchItem = item(popup, m.get("tray.menu.launch"), e -> watchdog.launch()
                .exceptionally(err -> {
                    EventQueue.invokeLater(() -> notify(texts.actionFailed(m.get("tray.menu.launch"), cause(err))));
                    return null;
                }));
        undoItem = item(popup, m.get("tray.menu.undo"), e -> undo());
        popup.addSeparator();
        autostartItem = new CheckboxMenuItem(m.get("tray.menu.autostart"));
        autostartItem.setName("autostart");
        Optional<Autostart> autostart;
        try {
            autostart = actions.autostart();
        } catch (RuntimeException e) {
            LOG.warn("start at login is not available here: {}", e.getMessage());
            autostart = Optional.empty();
        }
        if (autostart.isEmpty()) {
            autostartItem.setEnabled(false);
        } else {
            try {
                autostartItem.setState(autostart.get().isEnabled());
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("cannot read the start-at-login setting: {}", e.getMessage());
                autostartItem.setEnabled(false);
            }
            Autostart a = autostart.get();
            autostartItem.addItemListener(e -> setAutostart(a, autostartItem.getState()));
        }
        popup.add(autostartItem);
        item(popup, m.get("tray.menu.logs"), e -> openLogFolder());
        actions.exportDiagnostics().ifPresent(export -> item(popup, m.get("tray.menu.diagnostics"),
                e -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return export.call();
                    } catch (Exception ex) {
                        throw new CompletionException(ex);
                    }
                }).whenComplete((path, err) -> EventQueue.invokeLater(() -> notify(err == null
                        ? texts.diagnosticsSaved(path)
                        : texts.actionFailed(m.get("tray.menu.diagnostics"), cause(err)))))));
        item(popup, m.get("tray.menu.about"), e -> notify(texts.about(actions.version())));
        popup.addSeparator();
        item(popup, m.get("tray.menu.exit"), e -> {
            close();
            actions.exit();
        });
        return popup;
    }

    private static MenuItem item(PopupMenu popup, String label, ActionListener action) {
        MenuItem item = new MenuItem(label);
        item.addActionListener(action);
        popup.add(item);
        return item;
    }

    // ------------------------------------------------------------------ actions (EDT)

    private void iconActivated() {
        if (shownState == WatchState.FAILED || prompt.pending().isPresent()) {
            openDialog();
        } else if (hasCause() && actions.runDoctor().isPresent()) {
            openDoctor();
        } else {
            notify(texts.status(watchdog.status()));
        }
    }

    /** Menu "check now": the result is announced even though no key arrived. */
    void checkNow() {
        watchdog.checkNow().whenComplete((r, err) -> EventQueue.invokeLater(() -> {
            if (err != null) {
                notify(texts.actionFailed(texts.messages().get("tray.menu.checkNow"), cause(err)));
            } else if (!closed) {
                announce(r);
            }
        }));
    }

    void undo() {
        watchdog.undoLastRepair().whenComplete((JournalEntry restored, Throwable err) -> EventQueue.invokeLater(() -> {
            if (err == null) {
                notify(texts.undone(restored));
            } else if (!(unwrap(err) instanceof SoftkeyException)) { // refusals arrive as RepairFailed events
                notify(texts.actionFailed(texts.messages().get("tray.menu.undo"), cause(err)));
            }
        }));
    }

    void openDialog() {
        if (closed) {
            return;
        }
        if (dialog != null && dialog.isShowing()) {
            dialog.show();
            return;
        }
        Optional<CheckResult> failed = prompt.pending().or(() -> watchdog.status().lastCheck());
        dialog = new RepairDialog(texts, texts.dialogHeading(failed), texts.dialogExplanation(failed), this::repairChosen);
        dialog.show();
    }

    /** The dialog's answer: complete the watchdog's open question, or repair directly when none is open. */
    private CompletionStage<?> repairChosen(RepairChoice choice) {
        launchWanted = choice == RepairChoice.REPAIR_AND_LAUNCH;
        if (choice == RepairChoice.CANCEL) {
            prompt.answer(RepairChoice.CANCEL);
            return CompletableFuture.completedFuture(null);
        }
        if (promptedRepair == null && prompt.answer(choice)) {
            // The watchdog repairs on its own thread; its Repaired/RepairFailed event ends the wait.
            promptedRepair = new CompletableFuture<>();
            return promptedRepair.orTimeout(5, TimeUnit.MINUTES);
        }
        return watchdog.repair(choice == RepairChoice.REPAIR_AND_LAUNCH).handle((report, err) -> {
            if (err != null && !(unwrap(err) instanceof SoftkeyException)) {
                EventQueue.invokeLater(() -> notify(texts.actionFailed(texts.messages().get("tray.menu.repair"),
                        cause(err))));
            }
            return null;
        });
    }

    /** The last check found a cause the nurse should hear about (a balloon click opens the doctor). */
    private boolean hasCause() {
        WatchdogStatus s = watchdog.status();
        return s.state() == WatchState.OK && s.keyPresent() && s.lastCheck().flatMap(CheckResult::cause).isPresent();
    }

    /** "Check the environment": the doctor window (a second open brings the open one to the front). */
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

    boolean doctorShowing() {
        return doctorWindow != null && doctorWindow.isShowing();
    }

    Optional<DoctorWindow> doctorWindow() {
        return Optional.ofNullable(doctorWindow).filter(DoctorWindow::isShowing);
    }

    /** Where the repair dialog's button is on screen (UI tests click it from outside). */
    Optional<Point> dialogButton(RepairChoice choice) {
        return dialog == null || !dialog.isShowing() ? Optional.empty() : dialog.buttonCentre(choice);
    }

    Optional<Point> dialogButtonInDialog(RepairChoice choice) {
        return dialog == null || !dialog.isShowing() ? Optional.empty() : dialog.buttonCentreInDialog(choice);
    }

    boolean dialogShowing() {
        return dialog != null && dialog.isShowing();
    }

    private void setAutostart(Autostart autostart, boolean on) {
        CompletableFuture.runAsync(() -> {
            try {
                if (on) {
                    autostart.enable(actions.autostartCommand());
                } else {
                    autostart.disable();
                }
                LOG.info("start at login {} ({})", on ? "on" : "off", autostart.location());
            } catch (java.io.IOException e) {
                throw new CompletionException(e);
            }
        }).whenComplete((v, err) -> EventQueue.invokeLater(() -> {
            if (err != null) {
                autostartItem.setState(!on);
                notify(texts.actionFailed(texts.messages().get("tray.menu.autostart"), cause(err)));
            }
        }));
    }

    private void openLogFolder() {
        java.nio.file.Path folder = actions.logFolder();
        boolean canOpen = Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN);
        if (!canOpen) {
            notify(texts.logFolder(folder));
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                Desktop.getDesktop().open(folder.toFile());
            } catch (java.io.IOException | RuntimeException e) {
                throw new CompletionException(e);
            }
        }).whenComplete((v, err) -> {
            if (err != null) {
                LOG.warn("cannot open the log folder {}: {}", folder, cause(err));
                EventQueue.invokeLater(() -> notify(texts.logFolder(folder)));
            }
        });
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String cause(Throwable t) {
        Throwable u = unwrap(t);
        return u.getMessage() == null ? u.getClass().getSimpleName() : u.getMessage();
    }

    private static void onEdt(Runnable r) {
        if (EventQueue.isDispatchThread()) {
            r.run();
            return;
        }
        try {
            EventQueue.invokeAndWait(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvocationTargetException e) {
            LOG.warn("tray task failed", e.getCause());
        }
    }
}
