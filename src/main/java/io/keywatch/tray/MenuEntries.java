package io.keywatch.tray;

import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tray menu holds in each state, without AWT: the entries in their order, which of them can
 * be used, and the status line's label. {@link TrayMenu} builds and updates the real menu from it.
 */
final class MenuEntries {
    /** The repair entry's usual place: status line, separator, "check now", then repair. */
    static final int REPAIR_USUAL_INDEX = 3;
    /** The disabled status line at the top is cut to this many UTF-16 units. */
    static final int STATUS_MAX = 80;

    /** One line of the menu; {@code labelKey} is its bundle key, null for the status line and separators. */
    enum Entry {
        STATUS(null), SEPARATOR(null), CHECK_NOW("tray.menu.checkNow"), REPAIR("tray.menu.repair"),
        DOCTOR("tray.menu.doctor"), LAUNCH("tray.menu.launch"), UNDO("tray.menu.undo"),
        AUTOSTART("tray.menu.autostart"), LOGS("tray.menu.logs"), DIAGNOSTICS("tray.menu.diagnostics"),
        ABOUT("tray.menu.about"), EXIT("tray.menu.exit");

        final String labelKey;

        Entry(String labelKey) {
            this.labelKey = labelKey;
        }
    }

    private MenuEntries() {
    }

    /**
     * The menu as built: the doctor and diagnostics entries only where the CLI wired them, and the
     * repair entry where {@link #repairIndex} puts it for {@code state}.
     */
    static List<Entry> entries(WatchState state, boolean doctor, boolean diagnostics) {
        List<Entry> all = new ArrayList<>(List.of(Entry.STATUS, Entry.SEPARATOR, Entry.CHECK_NOW, Entry.REPAIR));
        if (doctor) {
            all.add(Entry.DOCTOR);
        }
        all.addAll(List.of(Entry.LAUNCH, Entry.UNDO, Entry.SEPARATOR, Entry.AUTOSTART, Entry.LOGS));
        if (diagnostics) {
            all.add(Entry.DIAGNOSTICS);
        }
        all.addAll(List.of(Entry.ABOUT, Entry.SEPARATOR, Entry.EXIT));
        all.remove(Entry.REPAIR);
        all.add(repairIndex(state), Entry.REPAIR);
        return List.copyOf(all);
    }

    /**
     * First when the check failed: Windows 10/11 turn balloons into toasts that Focus Assist hides,
     * so the icon, its tooltip and the top of the menu must lead to the repair on their own.
     */
    static int repairIndex(WatchState state) {
        return state == WatchState.FAILED ? 0 : REPAIR_USUAL_INDEX;
    }

    /** While a check or a repair runs, nothing that starts another BJCA call or file move can be chosen. */
    static boolean enabled(Entry entry, WatchState state) {
        boolean busy = state == WatchState.CHECKING || state == WatchState.REPAIRING;
        return switch (entry) {
            case STATUS -> false;
            case CHECK_NOW, REPAIR, LAUNCH, UNDO -> !busy;
            default -> true;
        };
    }

    /** The status line at the top of the menu ("OK — 张三"), fitted. */
    static String statusLabel(TrayTexts texts, WatchdogStatus s) {
        return BalloonText.fit(texts.statusLine(s), STATUS_MAX);
    }
}
