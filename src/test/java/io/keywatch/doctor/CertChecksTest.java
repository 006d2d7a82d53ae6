package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.XtxException;
import io.keywatch.doctor.checks.CertExpiryCheck;
import io.keywatch.doctor.checks.CertValidityCheck;
import io.keywatch.doctor.checks.PinRetriesCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cert.validity, cert.expiry and pin.retries at their edges; no PIN function is ever called. */
class CertChecksTest {

    @ParameterizedTest
    @CsvSource({"0, OK, ok", "-1, FAIL, untrusted", "-2, FAIL, expired", "-3, FAIL, revoked", "-4, FAIL, frozen",
            "-5, FAIL, notYetValid", "-6, WARN, unverified", "-7, FAIL, other"})
    void validateCertCodesInWords(int code, CheckState state, String variant) {
        Fixture f = new Fixture();
        f.xtx.validate = code;
        CheckOutcome o = f.run(new CertValidityCheck());
        assertThat(o.status()).isEqualTo(state);
        assertThat(o.details().get("variant")).isEqualTo(variant);
        assertThat(o.details().get("validateCert")).isEqualTo(code);
    }

    @Test
    void anExpiredCertificateIsNamedWithItsDateInOneSentence() {
        Fixture f = new Fixture().zh();
        f.xtx.validUntil = "20261120235959";
        f.xtx.validate = -2;
        CheckOutcome o = f.run(new CertValidityCheck());
        assertThat(o.status()).isEqualTo(CheckState.FAIL);
        assertThat(o.summary()).isEqualTo("张三的证书已于 2026-11-20 过期，请联系信息科更新。");
    }

    @Test
    void datesPastTheEndAreExpiredEvenWhenTheServiceOnlyChecksTheChain() {
        Fixture f = new Fixture();
        f.xtx.validUntil = "20261130235959";
        f.xtx.validate = 0;
        assertThat(f.run(new CertValidityCheck()).details().get("variant")).isEqualTo("expired");
    }

    @Test
    void minusSixWithBadDatesIsTheirFaultNotTheNetworks() {
        Fixture f = new Fixture();
        f.xtx.validUntil = "20261130235959";
        f.xtx.validate = -6;
        CheckOutcome o = f.run(new CertValidityCheck());
        assertThat(o.status()).isEqualTo(CheckState.FAIL);
        assertThat(o.details().get("variant")).isEqualTo("expired");
    }

    @Test
    void aRevocationCheckThatDoesNotFinishInTimeIsWarnNotRevoked() {
        Fixture f = new Fixture();
        f.settings = f.settings.withValidateTimeout(Duration.ofMillis(100));
        CountDownLatch never = new CountDownLatch(1);
        f.xtx.validateBlocks = never;
        try {
            CheckOutcome o = f.run(new CertValidityCheck());
            assertThat(o.status()).isEqualTo(CheckState.WARN);
            assertThat(o.details().get("variant")).isEqualTo("unverifiedTimeout");
        } finally {
            never.countDown();
        }
    }

    @Test
    void theAdaptersOwnTimeoutIsWarnToo() {
        Fixture f = new Fixture();
        f.xtx.validateFailure = new XtxException(XtxException.Kind.TIMEOUT, "no answer in 5000 ms");
        assertThat(f.run(new CertValidityCheck()).status()).isEqualTo(CheckState.WARN);
    }

    @Test
    void aCertificateThatCannotBeExportedIsSkippedNotBlamed() {
        Fixture f = new Fixture();
        f.xtx.cert = "";
        CheckOutcome o = f.run(new CertValidityCheck());
        assertThat(o.status()).isEqualTo(CheckState.SKIPPED);
        assertThat(f.xtx.count("SOF_ValidateCert")).isZero();
    }

    @ParameterizedTest
    @CsvSource({"60, WARN", "61, OK", "0, WARN"})
    void expiryWarnsWithinSixtyDaysTheDayItselfCounting(long daysLeft, CheckState state) {
        Fixture f = new Fixture();
        Instant until = Fixture.NOW.plus(Duration.ofDays(daysLeft)).plusSeconds(60);
        f.xtx.validUntil = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .format(until.atZone(Fixture.ZONE));
        CheckOutcome o = f.run(new CertExpiryCheck());
        assertThat(o.status()).isEqualTo(state);
        assertThat(o.details().get("daysLeft")).isEqualTo(daysLeft);
    }

    @Test
    void theWarningWindowIsConfigurable() {
        Fixture f = new Fixture();
        f.settings = f.settings.withExpiryWarnDays(30);
        f.xtx.validUntil = "20270110000000"; // 39 days
        assertThat(f.run(new CertExpiryCheck()).status()).isEqualTo(CheckState.OK);
        Fixture g = new Fixture();
        g.settings = g.settings.withExpiryWarnDays(39);
        g.xtx.validUntil = "20270110000000";
        assertThat(g.run(new CertExpiryCheck()).status()).isEqualTo(CheckState.WARN);
    }

    @Test
    void expiredAndNotYetValidFail() {
        Fixture f = new Fixture();
        f.xtx.validUntil = "20261201075959"; // one second before now
        assertThat(f.run(new CertExpiryCheck()).details().get("variant")).isEqualTo("expired");
        Fixture g = new Fixture();
        g.xtx.validFrom = "20261201080001";
        assertThat(g.run(new CertExpiryCheck()).details().get("variant")).isEqualTo("notYetValid");
    }

    @Test
    void anUnreadableEndDateIsSkipped() {
        Fixture f = new Fixture();
        f.xtx.validUntil = "soon";
        assertThat(f.run(new CertExpiryCheck()).status()).isEqualTo(CheckState.SKIPPED);
    }

    @ParameterizedTest
    @CsvSource({"0, FAIL, locked", "1, WARN, low", "2, WARN, low", "3, OK, ok", "-8, SKIPPED, error"})
    void pinTriesLeft(int left, CheckState state, String variant) {
        Fixture f = new Fixture();
        f.xtx.pinRetries = left;
        CheckOutcome o = f.run(new PinRetriesCheck());
        assertThat(o.status()).isEqualTo(state);
        assertThat(o.details().get("variant")).isEqualTo(variant);
    }

    @Test
    void everyBjcaFunctionTheDoctorCallsIsReadOnly() {
        Fixture f = new Fixture();
        f.xtx.devices = 2;
        f.xtx.pinRetries = 0;
        Doctor.all().run(f.context());
        assertThat(f.xtx.calls).isNotEmpty().allMatch(ReadOnlyFunctions.ALL::contains);
        assertThat(f.xtx.calls).contains("SOF_ExportUserCert", "SOF_GetCertInfo", "SOF_ValidateCert",
                "SOF_GetPinRetryCount");
    }

    @Test
    void certificatesAreReadOnceWhileTheKeyStaysInAndAgainAfterItLeft() {
        Fixture f = new Fixture();
        f.run(new CertValidityCheck());
        f.run(new CertExpiryCheck());
        assertThat(f.xtx.count("SOF_ExportUserCert")).isEqualTo(1);
        assertThat(f.xtx.count("SOF_ValidateCert")).isEqualTo(1);
        f.certs.clear();
        f.run(new CertExpiryCheck());
        assertThat(f.xtx.count("SOF_ExportUserCert")).isEqualTo(2);
    }

    @Test
    void bjcaDatesInTheFormsScriptsSee() {
        assertThat(CertFacts.parseDate("20261120083000", Fixture.ZONE)).contains(Instant.parse("2026-11-20T08:30:00Z"));
        assertThat(CertFacts.parseDate("2026/11/20 08:30:00", Fixture.ZONE)).contains(Instant.parse("2026-11-20T08:30:00Z"));
        assertThat(CertFacts.parseDate("20261120", Fixture.ZONE)).contains(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(CertFacts.parseDate("20261320000000", Fixture.ZONE)).isEmpty();
        assertThat(CertFacts.parseDate("2026112", Fixture.ZONE)).isEmpty();
        assertThat(CertFacts.parseDate(null, Fixture.ZONE)).isEmpty();
    }

    @Test
    void twoCertificatesReportTheWorst() {
        Fixture f = new Fixture();
        f.xtx.users = List.of(new io.keywatch.core.KeyUser("张三", "A/1"), new io.keywatch.core.KeyUser("李四", "B/2"));
        f.xtx.pinRetries = 1;
        CheckOutcome o = f.run(new PinRetriesCheck());
        assertThat(o.status()).isEqualTo(CheckState.WARN);
        assertThat(o.details().get("certificates")).asList().hasSize(2);
    }
}
