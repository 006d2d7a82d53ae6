package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiagnosisTest {
    private static final Path DB = Path.of("C:/Users/nurse/AppData/LocalLow/BJCA/bjca_softkey.db");
    private static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T03:00:00Z");
    private static final Instant INSTALLED = Instant.parse("2024-01-20T03:00:00Z");

    private static DbFacts db(Instant created) {
        return new DbFacts(DB, true, 8192, Optional.of(created), Optional.of(created));
    }

    @Test
    void dbOlderThanTheOsInstallIsCarriedOver() {
        Diagnosis d = Diagnosis.of(db(IMAGE_BUILT), Optional.of(INSTALLED), Optional.empty());
        assertThat(d.verdict()).isEqualTo(Verdict.CARRIED_OVER);
        assertThat(d.comparedWith()).contains(Diagnosis.Reference.OS_INSTALLED);
        assertThat(d.referenceTime()).contains(INSTALLED);
    }

    @Test
    void dbOlderThanTheProfileIsCarriedOverWhenTheInstallDateIsUnknown() {
        Diagnosis d = Diagnosis.of(db(IMAGE_BUILT), Optional.empty(), Optional.of(INSTALLED));
        assertThat(d.verdict()).isEqualTo(Verdict.CARRIED_OVER);
        assertThat(d.comparedWith()).contains(Diagnosis.Reference.PROFILE_CREATED);
    }

    @Test
    void dbCreatedAfterInstallIsPresentAndSmallSkewIsTolerated() {
        assertThat(Diagnosis.of(db(INSTALLED.plusSeconds(86_400)), Optional.of(INSTALLED), Optional.empty()).verdict())
                .isEqualTo(Verdict.PRESENT);
        assertThat(Diagnosis.of(db(INSTALLED.minusSeconds(60)), Optional.of(INSTALLED), Optional.empty()).verdict())
                .isEqualTo(Verdict.PRESENT);
    }

    @Test
    void unknownDatesNeverClaimCarriedOver() {
        DbFacts noDate = new DbFacts(DB, true, 1, Optional.empty(), Optional.empty());
        assertThat(Diagnosis.of(noDate, Optional.of(INSTALLED), Optional.of(INSTALLED)).verdict())
                .isEqualTo(Verdict.PRESENT);
        assertThat(Diagnosis.of(db(IMAGE_BUILT), Optional.empty(), Optional.empty()).verdict())
                .isEqualTo(Verdict.PRESENT);
    }

    @Test
    void missingDbIsMissing() {
        assertThat(Diagnosis.of(DbFacts.missing(DB), Optional.of(INSTALLED), Optional.empty()).verdict())
                .isEqualTo(Verdict.MISSING);
    }

    @Test
    void explanationNamesBothDatesInChineseAndEnglish() {
        Diagnosis d = Diagnosis.of(db(IMAGE_BUILT), Optional.of(INSTALLED), Optional.empty());
        String en = Messages.of(Locale.ENGLISH, ZoneId.of("Asia/Shanghai")).explain(d);
        String zh = Messages.of(Locale.SIMPLIFIED_CHINESE, ZoneId.of("Asia/Shanghai")).explain(d);
        assertThat(en).isEqualTo("bjca_softkey.db was created 2023-11-15, before this PC was installed on 2024-01-20: "
                + "carried over from the system image.");
        assertThat(zh).contains("2023-11-15", "2024-01-20", "系统镜像");
    }

    @Test
    void languageSettingBeatsTheSystemLocale() {
        assertThat(Messages.resolve("en", Locale.SIMPLIFIED_CHINESE)).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.resolve("auto", Locale.TRADITIONAL_CHINESE)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(Messages.resolve("auto", Locale.GERMANY)).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.of(Locale.GERMANY, ZoneId.of("UTC")).get("user.unknown")).isEqualTo("unknown user");
    }

    @Test
    void theSlackIsOneHourPinnedAtItsExactValueAndOnePast() {
        assertThat(Diagnosis.SLACK_SECONDS).isEqualTo(3600);
        Instant limit = INSTALLED.minusSeconds(3600);
        assertThat(Diagnosis.of(db(limit), Optional.of(INSTALLED), Optional.empty()).verdict())
                .isEqualTo(Verdict.PRESENT);
        assertThat(Diagnosis.of(db(limit.minusMillis(1)), Optional.of(INSTALLED), Optional.empty()).verdict())
                .isEqualTo(Verdict.CARRIED_OVER);
        assertThat(Diagnosis.of(db(limit), Optional.empty(), Optional.of(INSTALLED)).verdict())
                .isEqualTo(Verdict.PRESENT);
        Diagnosis profile = Diagnosis.of(db(limit.minusMillis(1)), Optional.empty(), Optional.of(INSTALLED));
        assertThat(profile.verdict()).isEqualTo(Verdict.CARRIED_OVER);
        assertThat(profile.referenceTime()).contains(INSTALLED);
    }

    @Test
    void theProfileIsComparedWhenTheOsInstallDoesNotConvict() {
        Instant profile = INSTALLED.plusSeconds(86_400 * 30);
        Diagnosis d = Diagnosis.of(db(INSTALLED.plusSeconds(86_400)), Optional.of(INSTALLED), Optional.of(profile));
        assertThat(d.verdict()).isEqualTo(Verdict.CARRIED_OVER);
        assertThat(d.comparedWith()).contains(Diagnosis.Reference.PROFILE_CREATED);
        assertThat(d.referenceTime()).contains(profile);
        assertThat(d.osInstalled()).contains(INSTALLED);
        assertThat(d.profileCreated()).contains(profile);
        assertThat(d.problem()).isEmpty();
    }

    @Test
    void aPresentOrMissingDbHasNoReferenceAndKeepsTheFacts() {
        DbFacts facts = db(INSTALLED.plusSeconds(60));
        Diagnosis present = Diagnosis.of(facts, Optional.of(INSTALLED), Optional.of(INSTALLED));
        assertThat(present.comparedWith()).isEmpty();
        assertThat(present.referenceTime()).isEmpty();
        assertThat(present.facts()).isSameAs(facts);
        Diagnosis missing = Diagnosis.of(DbFacts.missing(DB), Optional.of(INSTALLED), Optional.of(IMAGE_BUILT));
        assertThat(missing.comparedWith()).isEmpty();
        assertThat(missing.osInstalled()).contains(INSTALLED);
        assertThat(missing.profileCreated()).contains(IMAGE_BUILT);
        assertThat(missing.facts()).isEqualTo(new DbFacts(DB, false, 0, Optional.empty(), Optional.empty()));
    }

    @Test
    void unreadableCarriesTheProblemAndTheReferenceTimes() {
        Diagnosis d = Diagnosis.unreadable(db(IMAGE_BUILT), "locked", Optional.of(INSTALLED), Optional.of(IMAGE_BUILT));
        assertThat(d.verdict()).isEqualTo(Verdict.UNREADABLE);
        assertThat(d.problem()).contains("locked");
        assertThat(d.comparedWith()).isEmpty();
        assertThat(d.osInstalled()).contains(INSTALLED);
        assertThat(d.profileCreated()).contains(IMAGE_BUILT);
    }
}
