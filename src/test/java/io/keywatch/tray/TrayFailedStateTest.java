package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import io.keywatch.core.WatchState;
import org.junit.jupiter.api.Test;

/**
 * Windows 10/11 balloons are toasts that Focus Assist may hide: the failed state must show without
 * them, in the icon, in its tooltip and at the top of the menu.
 */
class TrayFailedStateTest {
    private final TrayTexts zh = new TrayTexts(Messages.forLanguage("zh"));
    private final TrayTexts en = new TrayTexts(Messages.forLanguage("en"));

    @Test
    void theFailedTooltipSaysWhatIsWrongAndHowToRepair() {
        var failed = TrayFixtures.status(WatchState.FAILED, TrayFixtures.failed());
        assertThat(en.tooltip(failed)).isEqualTo("KeyWatch: Certificate environment check failed — click the icon to repair");
        assertThat(zh.tooltip(failed)).isEqualTo("KeyWatch：证书环境检查未通过 — 点击图标修复");
        assertThat(en.tooltip(failed).length()).isLessThanOrEqualTo(BalloonText.TOOLTIP_MAX);
    }

    @Test
    void otherStatesKeepTheirPlainTooltip() {
        var ok = TrayFixtures.status(WatchState.OK, TrayFixtures.ok("张三"));
        assertThat(en.tooltip(ok)).doesNotContain("repair");
    }

    @Test
    void theRepairEntryComesFirstOnlyWhenTheCheckFailed() {
        assertThat(MenuEntries.repairIndex(WatchState.FAILED)).isZero();
        for (WatchState s : WatchState.values()) {
            if (s != WatchState.FAILED) {
                assertThat(MenuEntries.repairIndex(s)).as(s.name()).isEqualTo(MenuEntries.REPAIR_USUAL_INDEX);
            }
        }
    }

    @Test
    void theFailedIconLooksLikeNoOtherState() {
        StateIcons.Look failed = StateIcons.look(WatchState.FAILED);
        for (WatchState s : WatchState.values()) {
            if (s != WatchState.FAILED) {
                assertThat(StateIcons.look(s)).as(s.name()).isNotEqualTo(failed);
            }
        }
    }
}
