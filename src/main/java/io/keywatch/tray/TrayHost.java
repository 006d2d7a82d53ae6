package io.keywatch.tray;

import io.keywatch.core.Messages;
import java.awt.AWTError;
import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import javax.swing.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The icon's place in the desktop's tray: adds it, notices the tray host going away, dropping the icon
 * or appearing (a login's start-up order, a panel restart), and looks for a host with a slow timer only
 * while there is none. What the icon shows is {@link TrayIconView}'s; what is said about it, the
 * {@link Listener}'s. Fields are the event thread's; {@link #inTray} and {@link #noTrayReason} any thread's.
 */
final class TrayHost {
    private static final Logger LOG = LoggerFactory.getLogger(TrayHost.class);
    /** How often to look for a tray host while there is none; nothing polls while the icon is shown. */
    static final int TRAY_SEARCH_MILLIS = 2000;

    /** Told on the event thread. */
    interface Listener {
        /** The icon is in a tray now; {@code back}: after a time without one (not the first show). */
        void shown(boolean back);

        /** No tray now, or for a new reason: {@code reason} in words, to be said once. */
        void lost(String reason);
    }

    private final Messages messages;
    private final Supplier<TrayIcon> icon;
    private final Listener listener;
    private final PropertyChangeListener trayListener = this::onTrayChange;

    private volatile boolean inTray;
    private volatile String noTrayReason;

    private TrayIcon added;
    private boolean listening;
    private Timer search;
    private boolean closed;

    /** @param icon the icon to add; created on the first call, the same one afterwards */
    TrayHost(Messages messages, Supplier<TrayIcon> icon, Listener listener) {
        this.messages = messages;
        this.icon = icon;
        this.listener = listener;
    }

    boolean inTray() {
        return inTray;
    }

    Optional<String> noTrayReason() {
        return inTray ? Optional.empty() : Optional.ofNullable(noTrayReason);
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

    /** Puts the icon in the tray, or says why not and starts looking for a tray host. EDT. */
    void install() {
        if (closed) {
            return;
        }
        Optional<String> missing = trayUnavailable(messages);
        if (missing.isPresent()) {
            noTray(missing.get());
            return;
        }
        try {
            SystemTray tray = SystemTray.getSystemTray();
            if (!listening) {
                tray.addPropertyChangeListener("systemTray", trayListener);
                tray.addPropertyChangeListener("trayIcons", trayListener);
                listening = true;
            }
            if (added == null) {
                added = icon.get();
            }
            if (!Arrays.asList(tray.getTrayIcons()).contains(added)) {
                tray.add(added);
            }
            boolean wasMissing = !inTray && noTrayReason != null;
            inTray = true;
            stopSearch();
            if (wasMissing) {
                noTrayReason = null;
            }
            LOG.info("tray icon shown");
            listener.shown(wasMissing);
        } catch (AWTException | RuntimeException | AWTError e) {
            LOG.warn("cannot add the tray icon", e);
            noTray(messages.get("tray.noTray.error", String.valueOf(e.getMessage())));
        }
    }

    /** Takes the icon out of the tray and stops listening and looking. EDT; idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopSearch();
        try {
            if (listening) {
                SystemTray.getSystemTray().removePropertyChangeListener("systemTray", trayListener);
                SystemTray.getSystemTray().removePropertyChangeListener("trayIcons", trayListener);
                listening = false;
            }
            if (added != null && inTray) {
                SystemTray.getSystemTray().remove(added);
            }
        } catch (UnsupportedOperationException e) {
            LOG.debug("tray gone while closing: {}", e.getMessage()); // nothing left to remove
        }
        inTray = false;
    }

    /** True while a tray host is being looked for (tests: no polling while the icon is shown). EDT. */
    boolean searching() {
        return search != null && search.isRunning();
    }

    private void noTray(String reason) {
        boolean changed = inTray || !reason.equals(noTrayReason);
        inTray = false;
        noTrayReason = reason;
        if (changed) {
            listener.lost(reason);
        }
        if (!GraphicsEnvironment.isHeadless()) {
            startSearch(); // a tray host may start later (session start-up order, restart)
        }
    }

    private void onTrayChange(PropertyChangeEvent e) {
        Failures.onEdt(() -> {
            if (closed) {
                return;
            }
            if ("systemTray".equals(e.getPropertyName()) && e.getNewValue() == null) {
                LOG.warn("the tray host went away");
                noTray(messages.get("tray.noTray.hostGone"));
            } else if ("systemTray".equals(e.getPropertyName())) {
                LOG.info("a tray host appeared");
                // AWT re-docks its icons in a task queued with this event: check after it.
                EventQueue.invokeLater(this::install);
            } else if (inTray && added != null && SystemTray.isSupported()
                    && !Arrays.asList(SystemTray.getSystemTray().getTrayIcons()).contains(added)) {
                LOG.warn("the tray dropped the KeyWatch icon: adding it again");
                inTray = false;
                install();
            }
        });
    }

    private void startSearch() {
        if (search == null) {
            search = new Timer(TRAY_SEARCH_MILLIS, e -> {
                if (!inTray && trayUnavailable(messages).isEmpty()) {
                    install();
                }
            });
            search.setRepeats(true);
        }
        if (!search.isRunning()) {
            search.start();
        }
    }

    private void stopSearch() {
        if (search != null) {
            search.stop();
        }
    }
}
