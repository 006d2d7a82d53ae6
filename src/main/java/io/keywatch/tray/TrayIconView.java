package io.keywatch.tray;

import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogStatus;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.function.BooleanSupplier;

/**
 * The icon itself: its image for the state ({@link TrayTexts#iconState}: a failing cause shows red over
 * BJCA's OK), its tooltip ({@link TrayTexts#tooltip}), its menu, its balloons, and what a click does.
 * Created on first use, then kept across tray hosts coming and going. Event dispatch thread only.
 */
final class TrayIconView {
    private final TrayTexts texts;
    private final TrayMenu menu;
    private final Runnable activated;
    private final BooleanSupplier clickActivates;
    private TrayIcon icon;
    /** The state the icon's image shows now; null before the first render. */
    private WatchState iconShown;

    /**
     * @param activated      a balloon click (Windows), a single click (X11), a double click (Windows icon)
     * @param clickActivates whether a plain left click activates too (only when there is something to act on)
     */
    TrayIconView(TrayTexts texts, TrayMenu menu, Runnable activated, BooleanSupplier clickActivates) {
        this.texts = texts;
        this.menu = menu;
        this.activated = activated;
        this.clickActivates = clickActivates;
    }

    /** The icon, created with its menu on the first call. */
    TrayIcon icon(WatchdogStatus s) {
        if (icon == null) {
            icon = new TrayIcon(StateIcons.icon(s.state(), iconSize()), "KeyWatch", menu.build(s));
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> activated.run());
            icon.addMouseListener(new MouseAdapter() {
                @Override
                public void mouseClicked(MouseEvent e) {
                    if (e.getButton() == MouseEvent.BUTTON1 && clickActivates.getAsBoolean()) {
                        activated.run();
                    }
                }
            });
        }
        return icon;
    }

    boolean created() {
        return icon != null;
    }

    /** Image (redrawn only when its state changes), tooltip and menu for {@code s}; nothing before the icon exists. */
    void render(WatchdogStatus s) {
        if (icon == null) {
            return;
        }
        WatchState look = TrayTexts.iconState(s);
        if (look != iconShown || icon.getImage() == null) {
            iconShown = look;
            icon.setImage(StateIcons.icon(look, iconSize()));
        }
        icon.setToolTip(texts.tooltip(s));
        menu.render(s);
    }

    /** A balloon on the icon; nothing before the icon exists. */
    void balloon(Balloon b) {
        if (icon == null) {
            return;
        }
        icon.displayMessage(b.title(), b.text(), switch (b.kind()) {
            case INFO -> TrayIcon.MessageType.INFO;
            case WARNING -> TrayIcon.MessageType.WARNING;
            case ERROR -> TrayIcon.MessageType.ERROR;
        });
    }

    private static int iconSize() {
        try {
            return SystemTray.getSystemTray().getTrayIconSize().height;
        } catch (RuntimeException e) {
            return 16;
        }
    }
}
