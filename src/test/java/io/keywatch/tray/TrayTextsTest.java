package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.CheckStatus;
import io.keywatch.core.Messages;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogEvent;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrayTextsTest {
    private final TrayTexts zh = new TrayTexts(Messages.forLanguage("zh"));
    private final TrayTexts en = new TrayTexts(Messages.forLanguage("en"));

    @Test
    void okBalloonNamesTheUser() {
        Balloon b = zh.forCheck(TrayFixtures.ok("张三"));
        assertThat(b.kind()).isEqualTo(Balloon.Kind.INFO);
        assertThat(b.title()).isEqualTo("Key 已识别：张三");
        assertThat(en.forCheck(TrayFixtures.ok("张三")).title()).isEqualTo("Key recognised: 张三");
    }

    @Test
    void okWithoutAUserNameSaysSo() {
        assertThat(en.forCheck(TrayFixtures.ok(null)).title()).isEqualTo("Key recognised: unknown user");
    }

    @Test
    void failedBalloonExplainsAndSaysClickToRepair() {
        Balloon b = zh.forCheck(TrayFixtures.failed());
        assertThat(b.kind()).isEqualTo(Balloon.Kind.ERROR);
        assertThat(b.title()).isEqualTo("证书环境检查未通过");
        assertThat(b.text()).contains("2023-11-15").contains("2024-01-20").endsWith("点击此处修复。");
        assertThat(en.forCheck(TrayFixtures.failed()).text()).endsWith("Click here to repair.");
    }

    @Test
    void theConsoleVersionOfAFailureSaysWhatToRunInstead() {
        assertThat(en.forCheckOnConsole(TrayFixtures.failed()).text()).doesNotContain("Click")
                .endsWith("keywatch reset");
        assertThat(en.forCheckOnConsole(TrayFixtures.ok("张三"))).isEqualTo(en.forCheck(TrayFixtures.ok("张三")));
    }

    @Test
    void unavailableAndTimeoutGiveTheReasonAndContactIt() {
        var down = TrayFixtures.check(CheckStatus.UNAVAILABLE, TrayFixtures.carriedOver(), null, "connection refused");
        Balloon b = zh.forCheck(down);
        assertThat(b.kind()).isEqualTo(Balloon.Kind.WARNING);
        assertThat(b.text()).isEqualTo("connection refused。请联系信息科。");
        var slow = TrayFixtures.check(CheckStatus.TIMEOUT, TrayFixtures.carriedOver(), null, null);
        assertThat(en.forCheck(slow).text()).isEqualTo("no reason given. Please contact IT.");
        assertThat(en.forCheck(slow).title()).isEqualTo("BJCA certificate environment not answering");
    }

    @Test
    void onlyKeyArrivalChecksAndActionOutcomesGetBalloons() {
        var failed = TrayFixtures.failed();
        var st = TrayFixtures.status(WatchState.FAILED, failed);
        assertThat(en.forEvent(new WatchdogEvent.Checked(st, failed, true))).isPresent();
        assertThat(en.forEvent(new WatchdogEvent.Checked(st, failed, false))).isEmpty();
        assertThat(en.forEvent(new WatchdogEvent.StateChanged(st))).isEmpty();
        assertThat(en.forEvent(new WatchdogEvent.RepairFailed(st, SoftkeyException.Reason.LOCKED, "in use")))
                .get().satisfies(b -> {
                    assertThat(b.title()).isEqualTo("Nothing was changed");
                    assertThat(b.text()).startsWith("The file is in use by another program").endsWith("(in use)");
                });
        assertThat(en.forEvent(new WatchdogEvent.Repaired(st, TrayFixtures.report(TrayFixtures.ok("张三")))))
                .get().satisfies(b -> assertThat(b.text()).contains("bjca_softkey.db").contains("张三"));
        assertThat(en.forEvent(new WatchdogEvent.Repaired(st, TrayFixtures.report(failed))))
                .get().satisfies(b -> {
                    assertThat(b.kind()).isEqualTo(Balloon.Kind.ERROR);
                    assertThat(b.text()).endsWith("Please contact IT.");
                });
    }

    @Test
    void launchOutcomes() {
        var st = TrayFixtures.status(WatchState.OK, TrayFixtures.ok("张三"));
        assertThat(en.launched(new WatchdogEvent.Launched(st, Optional.empty(), Optional.empty())).title())
                .isEqualTo("Nursing app started");
        assertThat(en.launched(new WatchdogEvent.Launched(st, Optional.of("file not found"), Optional.empty())).text())
                .isEqualTo("file not found. Please contact IT.");
        assertThat(zh.launched(new WatchdogEvent.Launched(st, Optional.empty(), Optional.of(TrayFixtures.failed())))
                .title()).isEqualTo("未启动移动护理");
    }

    @Test
    void tooltipAndStatusLineShowStateAndUserOnlyWithAKey() {
        var ok = TrayFixtures.status(WatchState.OK, TrayFixtures.ok("张三"));
        assertThat(zh.tooltip(ok)).isEqualTo("KeyWatch：证书环境正常 — 张三");
        assertThat(zh.statusLine(ok)).isEqualTo("证书环境正常 — 张三");
        var removed = new io.keywatch.core.WatchdogStatus(WatchState.WAITING_FOR_KEY, false,
                Optional.of(TrayFixtures.ok("张三")), Optional.empty(), TrayFixtures.NOW);
        assertThat(en.tooltip(removed)).isEqualTo("KeyWatch: Waiting for the USB key");
    }

    @Test
    void tooltipIsCutSafelyForAbsurdNames() {
        var st = TrayFixtures.status(WatchState.OK, TrayFixtures.ok("名".repeat(300)));
        assertThat(en.tooltip(st)).hasSize(BalloonText.TOOLTIP_MAX).endsWith("…");
    }

    @Test
    void dialogExplanationNamesTheFindingAndWhatRepairDoes() {
        String text = en.dialogExplanation(Optional.of(TrayFixtures.failed()));
        assertThat(text).contains("carried over from the system image").contains("can be undone");
        assertThat(en.dialogExplanation(Optional.empty())).startsWith("No check has run yet.");
    }

    @Test
    void dialogHeadingSaysFailedOnlyWhenTheLastCheckFailed() {
        assertThat(zh.dialogHeading(Optional.of(TrayFixtures.failed()))).isEqualTo("证书环境检查未通过。");
        assertThat(zh.dialogHeading(Optional.of(TrayFixtures.ok("张三")))).isEqualTo("修复证书环境？");
        assertThat(en.dialogHeading(Optional.empty())).isEqualTo("Repair the certificate environment?");
    }
}
