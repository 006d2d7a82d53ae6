package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** Every branch of {@link Messages}: the words for each verdict, check status and refusal, dates in the PC's zone. */
class MessagesTest {
    private static final Path DB = Path.of("C:/Users/nurse/AppData/LocalLow/BJCA/bjca_softkey.db");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Messages EN = Messages.of(Locale.ENGLISH, SHANGHAI);
    private static final Messages ZH = Messages.of(Locale.SIMPLIFIED_CHINESE, SHANGHAI);
    /** 16:30 UTC is already the next day (00:30) in Shanghai. */
    private static final Instant LATE_UTC = Instant.parse("2024-03-01T16:30:00Z");
    private static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T03:00:00Z");
    private static final Instant PROFILE = Instant.parse("2024-01-20T03:00:00Z");

    private static DbFacts present(Optional<Instant> created) {
        return new DbFacts(DB, true, 8192, created, created);
    }

    private static CheckResult result(CheckStatus status, List<KeyUser> users, Optional<String> reason) {
        Diagnosis d = Diagnosis.of(present(Optional.of(IMAGE_BUILT)), Optional.of(PROFILE), Optional.empty());
        return new CheckResult(status, d, users, Optional.of("2.14"), "websocket", reason, PROFILE);
    }

    @Test
    void localeFollowsTheLanguageSettingOrTheSystem() {
        assertThat(EN.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(ZH.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(Messages.resolve("zh", Locale.ENGLISH)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(Messages.resolve(null, Locale.CHINA)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(Messages.resolve(null, Locale.FRANCE)).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.resolve("fr", Locale.CHINA)).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.forLanguage("zh").locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(Messages.forLanguage("en").get("user.unknown")).isEqualTo("unknown user");
        assertThat(Messages.forLanguage("zh").get("user.unknown")).isEqualTo("未知用户");
    }

    @Test
    void eachLanguageIsOneFileWithoutTheEnglishOneBehindTheChinese() {
        ResourceBundle zh = ResourceBundle.getBundle("bundletest.sample", Locale.SIMPLIFIED_CHINESE,
                MessagesTest.class.getClassLoader(), Messages.ONE_FILE);
        assertThat(zh.getString("both")).isEqualTo("中文");
        assertThat(zh.containsKey("only.in.english")).as("no English parent loaded under Chinese").isFalse();
        ResourceBundle en = ResourceBundle.getBundle("bundletest.sample", Locale.ENGLISH,
                MessagesTest.class.getClassLoader(), Messages.ONE_FILE);
        assertThat(en.getString("both")).isEqualTo("English");
        assertThat(en.containsKey("only.in.english")).isTrue();
        ResourceBundle other = ResourceBundle.getBundle("bundletest.sample", Locale.FRANCE,
                MessagesTest.class.getClassLoader(), Messages.ONE_FILE);
        assertThat(other.getString("both")).as("neither the JVM's locale nor French: English").isEqualTo("English");
        assertThat(ZH.get("user.unknown")).isEqualTo("未知用户");
    }

    @Test
    void theLanguageFileIsReadAtTheFirstTextNotBefore() {
        Messages m = Messages.forLanguage("en");
        assertThat(m.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(m.loaded()).as("a locale alone reads nothing").isFalse();
        assertThat(m.get("user.unknown")).isEqualTo("unknown user");
        assertThat(m.loaded()).isTrue();
    }

    @Test
    void aMissingKeyIsShownMarkedNotThrown() {
        assertThat(EN.get("no.such.key", 1)).isEqualTo("!no.such.key!");
    }

    @Test
    void quotingMeansTheSameWithAndWithoutArguments() {
        assertThat(EN.get("diagnosis.carriedOver.profile", "a", "b", "c"))
                .isEqualTo("a was created b, before this user's profile was created on c: copied from another profile or image.");
        assertThat(EN.get("diagnosis.carriedOver.profile")).contains("user's profile", "{0}");
    }

    @Test
    void datesAreInThePcsZone() {
        assertThat(EN.date(LATE_UTC)).isEqualTo("2024-03-02");
        assertThat(EN.dateTime(LATE_UTC)).isEqualTo("2024-03-02 00:30");
        assertThat(Messages.of(Locale.ENGLISH, ZoneId.of("UTC")).dateTime(LATE_UTC)).isEqualTo("2024-03-01 16:30");
    }

    @Test
    void eachVerdictHasItsSentence() {
        assertThat(EN.explain(Diagnosis.of(DbFacts.missing(DB), Optional.empty(), Optional.empty())))
                .isEqualTo("bjca_softkey.db does not exist yet: BJCA creates a fresh one on its next run.");
        assertThat(EN.explain(Diagnosis.of(present(Optional.of(LATE_UTC)), Optional.empty(), Optional.empty())))
                .isEqualTo("bjca_softkey.db was created 2024-03-02; nothing suspicious in its dates.");
        assertThat(EN.explain(Diagnosis.of(present(Optional.empty()), Optional.empty(), Optional.empty())))
                .isEqualTo("bjca_softkey.db is present; its creation date is not known.");
        assertThat(EN.explain(Diagnosis.unreadable(present(Optional.empty()), "Access is denied",
                Optional.empty(), Optional.empty())))
                .isEqualTo("bjca_softkey.db cannot be read: Access is denied");
        assertThat(EN.explain(Diagnosis.of(present(Optional.of(IMAGE_BUILT)), Optional.empty(), Optional.of(PROFILE))))
                .isEqualTo("bjca_softkey.db was created 2023-11-15, before this user's profile was created on 2024-01-20: "
                        + "copied from another profile or image.");
        assertThat(ZH.explain(Diagnosis.of(present(Optional.of(IMAGE_BUILT)), Optional.empty(), Optional.of(PROFILE))))
                .isEqualTo("bjca_softkey.db 创建于 2023-11-15，早于本用户配置文件的创建日期 2024-01-20：它是从其他用户或镜像复制来的。");
    }

    @Test
    void anUnreadableDiagnosisWithoutAProblemSaysQuestionMark() {
        Diagnosis noProblem = new Diagnosis(Verdict.UNREADABLE, present(Optional.empty()), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(EN.explain(noProblem)).isEqualTo("bjca_softkey.db cannot be read: ?");
    }

    @Test
    void aPathWithoutAFileNameIsShownWhole() {
        Path root = Path.of("/");
        assertThat(root.getFileName()).isNull();
        assertThat(EN.explain(Diagnosis.of(DbFacts.missing(root), Optional.empty(), Optional.empty())))
                .isEqualTo("/ does not exist yet: BJCA creates a fresh one on its next run.");
    }

    @Test
    void refusalsNameTheReasonAndKeepTheDetail() {
        assertThat(EN.refusal(SoftkeyException.Reason.LOCKED, "held by XTXAppService.exe"))
                .isEqualTo("The softkey db is in use by another program (BJCA or the nursing app). "
                        + "Close it and try again; nothing was changed. held by XTXAppService.exe");
        assertThat(EN.refusal(SoftkeyException.Reason.UNKNOWN_ID, null))
                .isEqualTo("There is no quarantined db with this id, or it was already restored. ");
        for (SoftkeyException.Reason r : SoftkeyException.Reason.values()) {
            assertThat(EN.refusal(r, "x")).doesNotStartWith("!").endsWith("x");
            assertThat(ZH.refusal(r, "x")).doesNotStartWith("!").endsWith("x");
        }
    }

    @Test
    void summaryPerStatus() {
        List<KeyUser> nurse = List.of(new KeyUser(" ", "c0/1"), new KeyUser("王护士", "c1/2"));
        assertThat(EN.summary(result(CheckStatus.OK, nurse, Optional.empty())))
                .isEqualTo("Key recognised: 王护士 — certificate environment OK");
        assertThat(EN.summary(result(CheckStatus.OK, List.of(), Optional.empty())))
                .isEqualTo("Key recognised: unknown user — certificate environment OK");
        assertThat(EN.summary(result(CheckStatus.FAILED, nurse, Optional.empty())))
                .isEqualTo("Certificate environment check failed (CheckSoftDeviceEnv = false). "
                        + "bjca_softkey.db was created 2023-11-15, before this PC was installed on 2024-01-20: "
                        + "carried over from the system image.");
        assertThat(EN.summary(result(CheckStatus.UNAVAILABLE, nurse, Optional.of("connection refused"))))
                .isEqualTo("BJCA certificate environment unavailable: connection refused");
        assertThat(EN.summary(result(CheckStatus.UNAVAILABLE, nurse, Optional.empty())))
                .isEqualTo("BJCA certificate environment unavailable: ?");
        assertThat(EN.summary(result(CheckStatus.TIMEOUT, nurse, Optional.of("no reply in 5 s"))))
                .isEqualTo("BJCA certificate environment did not answer in time: no reply in 5 s");
        assertThat(EN.summary(result(CheckStatus.TIMEOUT, nurse, Optional.empty())))
                .isEqualTo("BJCA certificate environment did not answer in time: ?");
    }
}
