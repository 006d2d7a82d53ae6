package io.keywatch.tray;

import static io.keywatch.tray.MenuEntries.Entry.ABOUT;
import static io.keywatch.tray.MenuEntries.Entry.AUTOSTART;
import static io.keywatch.tray.MenuEntries.Entry.CHECK_NOW;
import static io.keywatch.tray.MenuEntries.Entry.DIAGNOSTICS;
import static io.keywatch.tray.MenuEntries.Entry.DOCTOR;
import static io.keywatch.tray.MenuEntries.Entry.EXIT;
import static io.keywatch.tray.MenuEntries.Entry.LAUNCH;
import static io.keywatch.tray.MenuEntries.Entry.LOGS;
import static io.keywatch.tray.MenuEntries.Entry.REPAIR;
import static io.keywatch.tray.MenuEntries.Entry.SEPARATOR;
import static io.keywatch.tray.MenuEntries.Entry.STATUS;
import static io.keywatch.tray.MenuEntries.Entry.UNDO;
import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import io.keywatch.core.WatchState;
import io.keywatch.tray.MenuEntries.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the tray menu holds in each state, without a display. */
class MenuEntriesTest {
    private final TrayTexts en = new TrayTexts(Messages.forLanguage("en"));

    @Test
    void theUsualMenuWithEverythingWired() {
        assertThat(MenuEntries.entries(WatchState.OK, true, true)).containsExactly(STATUS, SEPARATOR, CHECK_NOW,
                REPAIR, DOCTOR, LAUNCH, UNDO, SEPARATOR, AUTOSTART, LOGS, DIAGNOSTICS, ABOUT, SEPARATOR, EXIT);
    }

    @Test
    void theDoctorAndDiagnosticsEntriesOnlyWhereTheyAreWired() {
        assertThat(MenuEntries.entries(WatchState.OK, false, false)).containsExactly(STATUS, SEPARATOR, CHECK_NOW,
                REPAIR, LAUNCH, UNDO, SEPARATOR, AUTOSTART, LOGS, ABOUT, SEPARATOR, EXIT);
        assertThat(MenuEntries.entries(WatchState.OK, true, false)).contains(DOCTOR).doesNotContain(DIAGNOSTICS);
        assertThat(MenuEntries.entries(WatchState.OK, false, true)).contains(DIAGNOSTICS).doesNotContain(DOCTOR);
    }

    @Test
    void aFailedCheckPutsRepairFirstAndLeavesTheRestInOrder() {
        List<Entry> failed = MenuEntries.entries(WatchState.FAILED, true, true);
        assertThat(failed.get(0)).isEqualTo(REPAIR);
        List<Entry> rest = new ArrayList<>(MenuEntries.entries(WatchState.OK, true, true));
        rest.remove(REPAIR);
        assertThat(failed.subList(1, failed.size())).isEqualTo(rest);
    }

    @Test
    void theRepairEntryIsWhereRepairIndexSaysInEveryState() {
        for (WatchState s : WatchState.values()) {
            for (boolean wired : new boolean[] {true, false}) {
                List<Entry> entries = MenuEntries.entries(s, wired, wired);
                assertThat(entries.indexOf(REPAIR)).as(s + " wired=" + wired).isEqualTo(MenuEntries.repairIndex(s));
                assertThat(entries).as("one repair entry").filteredOn(e -> e == REPAIR).hasSize(1);
            }
        }
        assertThat(MenuEntries.entries(WatchState.OK, true, true).get(MenuEntries.REPAIR_USUAL_INDEX)).isEqualTo(REPAIR);
    }

    @Test
    void whileACheckOrRepairRunsNothingThatStartsAnotherCanBeChosen() {
        for (WatchState s : WatchState.values()) {
            boolean busy = s == WatchState.CHECKING || s == WatchState.REPAIRING;
            for (Entry e : List.of(CHECK_NOW, REPAIR, LAUNCH, UNDO)) {
                assertThat(MenuEntries.enabled(e, s)).as(e + " in " + s).isEqualTo(!busy);
            }
            for (Entry e : List.of(DOCTOR, AUTOSTART, LOGS, DIAGNOSTICS, ABOUT, EXIT)) {
                assertThat(MenuEntries.enabled(e, s)).as(e + " in " + s).isTrue();
            }
            assertThat(MenuEntries.enabled(STATUS, s)).as("the status line is a label").isFalse();
        }
    }

    @Test
    void everyChoosableEntryHasABundleLabelInBothLanguages() {
        for (String lang : List.of("zh", "en")) {
            Messages m = Messages.forLanguage(lang);
            for (Entry e : Entry.values()) {
                if (e != STATUS && e != SEPARATOR) {
                    assertThat(m.get(e.labelKey)).as(lang + " " + e).isNotBlank().doesNotContain("tray.menu");
                }
            }
        }
    }

    @Test
    void theStatusLineKeepsEightyUnitsAndCutsTheEightyFirst() {
        String prefix = en.statusLine(TrayFixtures.status(WatchState.OK, TrayFixtures.ok("X"))).replace("X", "");
        String fits = "张".repeat(MenuEntries.STATUS_MAX - prefix.length());
        String label = MenuEntries.statusLabel(en, TrayFixtures.status(WatchState.OK, TrayFixtures.ok(fits)));
        assertThat(label).hasSize(MenuEntries.STATUS_MAX).endsWith("张");

        String tooLong = MenuEntries.statusLabel(en, TrayFixtures.status(WatchState.OK, TrayFixtures.ok(fits + "张")));
        assertThat(tooLong).hasSize(MenuEntries.STATUS_MAX).endsWith(BalloonText.ELLIPSIS);
    }

    @Test
    void theStatusLineNamesTheStateAndTheKeysUser() {
        assertThat(MenuEntries.statusLabel(en, TrayFixtures.status(WatchState.OK, TrayFixtures.ok("张三"))))
                .isEqualTo("Certificate environment OK — 张三");
        assertThat(MenuEntries.statusLabel(en, TrayFixtures.status(WatchState.WAITING_FOR_KEY, null)))
                .isEqualTo(en.state(WatchState.WAITING_FOR_KEY));
    }
}
