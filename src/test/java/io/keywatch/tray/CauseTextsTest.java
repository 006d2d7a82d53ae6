package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Cause;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.KeyUser;
import io.keywatch.core.Messages;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.platform.InstanceChannelStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cause in the tray's words, its icon, and in {@code status --json}. */
class CauseTextsTest {
    static final Cause EXPIRED = new Cause("cert.validity", Cause.Level.FAIL,
            "张三的证书已于 2026-11-20 过期，请联系信息科更新。", "请联系信息科更新证书。", true);

    static CheckResult ok(Optional<Cause> cause) {
        return new CheckResult(CheckStatus.OK, Diagnosis.of(DbFacts.missing(Path.of("bjca_softkey.db")), Optional.empty(),
                Optional.empty()), List.of(new KeyUser("张三", "UserKey/1")), Optional.of("3.4"), "websocket",
                Optional.empty(), Instant.EPOCH, cause);
    }

    static WatchdogStatus status(CheckResult r, boolean keyPresent) {
        return new WatchdogStatus(WatchState.OK, keyPresent, Optional.of(r), Optional.empty(), Instant.EPOCH);
    }

    @Test
    void theBalloonSaysTheCauseInOneSentence() {
        TrayTexts t = new TrayTexts(Messages.of(Locale.SIMPLIFIED_CHINESE, ZoneOffset.UTC));
        Balloon b = t.forCheck(ok(Optional.of(EXPIRED)));
        assertThat(b.kind()).isEqualTo(Balloon.Kind.ERROR);
        assertThat(b.title()).isEqualTo("张三的 Key 无法正常使用");
        assertThat(b.text()).isEqualTo("张三的证书已于 2026-11-20 过期，请联系信息科更新。点击查看详情。");
        assertThat(b.shortened()).isFalse();
    }

    @Test
    void aWarningIsAWarningAndASilencedReminderIsTheUsualOkBalloon() {
        TrayTexts t = new TrayTexts(Messages.of(Locale.ENGLISH, ZoneOffset.UTC));
        Cause soon = new Cause("cert.expiry", Cause.Level.WARN, "expires in 20 days", "", true);
        assertThat(t.forCheck(ok(Optional.of(soon))).kind()).isEqualTo(Balloon.Kind.WARNING);
        assertThat(t.forCheck(ok(Optional.of(soon.silenced())))).isEqualTo(t.forCheck(ok(Optional.empty())));
    }

    @Test
    void aFailingCauseTurnsTheIconRedOnlyWhileTheKeyIsIn() {
        assertThat(TrayTexts.iconState(status(ok(Optional.of(EXPIRED)), true))).isEqualTo(WatchState.FAILED);
        assertThat(TrayTexts.iconState(status(ok(Optional.of(EXPIRED)), false))).isEqualTo(WatchState.OK);
        Cause warn = new Cause("keys.single", Cause.Level.WARN, "two keys", "", true);
        assertThat(TrayTexts.iconState(status(ok(Optional.of(warn)), true))).isEqualTo(WatchState.OK);
        assertThat(TrayTexts.iconState(status(ok(Optional.empty()), true))).isEqualTo(WatchState.OK);
    }

    @Test
    void statusJsonNamesTheCauseOrNull() {
        assertThat(InstanceChannelStatus.toJson(status(ok(Optional.of(EXPIRED)), true)))
                .contains("\"cause\":\"cert.validity\"");
        assertThat(InstanceChannelStatus.toJson(status(ok(Optional.empty()), true))).contains("\"cause\":null");
    }
}
