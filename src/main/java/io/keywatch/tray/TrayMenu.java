package io.keywatch.tray;

import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.platform.Autostart;
import io.keywatch.tray.MenuEntries.Entry;
import java.awt.CheckboxMenuItem;
import java.awt.Font;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray icon's popup menu, built from {@link MenuEntries} and kept in step with the watchdog's
 * status (status line, what can be chosen, where the repair entry is). What an entry does is the
 * {@link Handler}'s business. Event dispatch thread only.
 */
final class TrayMenu {
    private static final Logger LOG = LoggerFactory.getLogger(TrayMenu.class);
    /** AWT menus on X11 draw with the component's font: a logical font falls back to CJK glyphs. */
    static final Font MENU_FONT = new Font(Font.DIALOG, Font.PLAIN, 13);

    /** What the entries do. EDT. */
    interface Handler {
        void chosen(Entry entry);

        /** The nurse ticked or unticked "start at login"; {@link #autostartFailed} undoes the tick. */
        void autostart(Autostart autostart, boolean on);
    }

    private final TrayTexts texts;
    private final TrayActions actions;
    private final Handler handler;
    private final Map<Entry, MenuItem> items = new EnumMap<>(Entry.class);
    private PopupMenu popup;
    private CheckboxMenuItem autostartItem;

    TrayMenu(TrayTexts texts, TrayActions actions, Handler handler) {
        this.texts = texts;
        this.actions = actions;
        this.handler = handler;
    }

    /** Builds the menu for {@code s}, once; later calls return the same menu. */
    PopupMenu build(WatchdogStatus s) {
        if (popup != null) {
            return popup;
        }
        popup = new PopupMenu("KeyWatch");
        popup.setFont(MENU_FONT);
        boolean doctor = actions.runDoctor().isPresent();
        boolean diagnostics = actions.exportDiagnostics().isPresent();
        for (Entry e : MenuEntries.entries(s.state(), doctor, diagnostics)) {
            switch (e) {
                case SEPARATOR -> popup.addSeparator();
                case STATUS -> add(e, new MenuItem(MenuEntries.statusLabel(texts, s)));
                case AUTOSTART -> add(e, autostartItem());
                default -> add(e, new MenuItem(texts.messages().get(e.labelKey))).addActionListener(
                        ev -> handler.chosen(e));
            }
        }
        render(s);
        return popup;
    }

    /** Follows the status: the status line, what can be chosen now, and where the repair entry is. */
    void render(WatchdogStatus s) {
        if (popup == null) {
            return;
        }
        items.get(Entry.STATUS).setLabel(MenuEntries.statusLabel(texts, s));
        for (Entry e : new Entry[] {Entry.STATUS, Entry.CHECK_NOW, Entry.REPAIR, Entry.LAUNCH, Entry.UNDO}) {
            items.get(e).setEnabled(MenuEntries.enabled(e, s.state()));
        }
        placeRepair(s.state());
    }

    /** Setting start-at-login failed: the tick goes back to what it was. */
    void autostartFailed(boolean wanted) {
        if (autostartItem != null) {
            autostartItem.setState(!wanted);
        }
    }

    private MenuItem add(Entry e, MenuItem item) {
        items.put(e, item);
        popup.add(item);
        return item;
    }

    private void placeRepair(WatchState state) {
        MenuItem repair = items.get(Entry.REPAIR);
        int want = MenuEntries.repairIndex(state);
        if (want >= popup.getItemCount() || popup.getItem(want) == repair) {
            return;
        }
        popup.remove(repair);
        popup.insert(repair, want);
    }

    /** Ticked when start at login is on; disabled where this platform has none or it cannot be read. */
    private CheckboxMenuItem autostartItem() {
        autostartItem = new CheckboxMenuItem(texts.messages().get(Entry.AUTOSTART.labelKey));
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
            return autostartItem;
        }
        Autostart a = autostart.get();
        try {
            autostartItem.setState(a.isEnabled());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("cannot read the start-at-login setting: {}", e.getMessage());
            autostartItem.setEnabled(false);
        }
        autostartItem.addItemListener(e -> handler.autostart(a, autostartItem.getState()));
        return autostartItem;
    }
}
