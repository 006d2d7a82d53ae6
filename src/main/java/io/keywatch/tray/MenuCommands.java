package io.keywatch.tray;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.Watchdog;
import io.keywatch.platform.Autostart;
import java.awt.Desktop;
import java.awt.EventQueue;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the menu's entries do that takes time: each runs on the watchdog's thread or a pool and says
 * how it ended back on the event thread, a failure as an "action failed" notice. Called on the EDT.
 */
final class MenuCommands {
    private static final Logger LOG = LoggerFactory.getLogger(MenuCommands.class);

    private final Watchdog watchdog;
    private final TrayTexts texts;
    private final TrayActions actions;
    private final Notices notices;
    private final BooleanSupplier closed;

    MenuCommands(Watchdog watchdog, TrayTexts texts, TrayActions actions, Notices notices, BooleanSupplier closed) {
        this.watchdog = watchdog;
        this.texts = texts;
        this.actions = actions;
        this.notices = notices;
        this.closed = closed;
    }

    /** "Check now": the result is announced even though no key arrived. */
    void checkNow() {
        watchdog.checkNow().whenComplete((r, err) -> EventQueue.invokeLater(() -> {
            if (err != null) {
                failed("tray.menu.checkNow", err);
            } else if (!closed.getAsBoolean()) {
                notices.announce(r);
            }
        }));
    }

    /** The watchdog's Launched event tells how the start went; only a failure to ask at all is said here. */
    void launch() {
        watchdog.launch().exceptionally(err -> {
            EventQueue.invokeLater(() -> failed("tray.menu.launch", err));
            return null;
        });
    }

    void undo() {
        watchdog.undoLastRepair().whenComplete((JournalEntry restored, Throwable err) -> EventQueue.invokeLater(() -> {
            if (err == null) {
                notices.show(texts.undone(restored));
            } else if (!(Failures.unwrap(err) instanceof SoftkeyException)) { // refusals arrive as RepairFailed events
                failed("tray.menu.undo", err);
            }
        }));
    }

    /** Start at login on or off; on failure the menu's tick goes back. */
    void autostart(Autostart autostart, boolean on, TrayMenu menu) {
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
                menu.autostartFailed(on);
                failed("tray.menu.autostart", err);
            }
        }));
    }

    /** The log folder in the desktop's file manager; where there is none (or it fails), its path in a notice. */
    void openLogFolder() {
        Path folder = actions.logFolder();
        boolean canOpen = Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN);
        if (!canOpen) {
            notices.show(texts.logFolder(folder));
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
                LOG.warn("cannot open the log folder {}: {}", folder, Failures.cause(err));
                EventQueue.invokeLater(() -> notices.show(texts.logFolder(folder)));
            }
        });
    }

    /** Writes a diagnostics bundle off the event thread and names the file. */
    void exportDiagnostics() {
        actions.exportDiagnostics().ifPresent(this::export);
    }

    private void export(Callable<Path> export) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return export.call();
            } catch (Exception ex) {
                throw new CompletionException(ex);
            }
        }).whenComplete((path, err) -> EventQueue.invokeLater(() -> notices.show(err == null
                ? texts.diagnosticsSaved(path)
                : texts.actionFailed(texts.messages().get("tray.menu.diagnostics"), Failures.cause(err)))));
    }

    private void failed(String menuKey, Throwable err) {
        notices.show(texts.actionFailed(texts.messages().get(menuKey), Failures.cause(err)));
    }
}
