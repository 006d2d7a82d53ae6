package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Cause;
import io.keywatch.core.CheckResult;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.core.XtxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key checks on an insertion: the cause on the check, reminders once a day, the cache per key. */
class KeyCausesTest {
    @TempDir
    Path data;

    private KeyCauses causes(Fixture f, ReminderLog log) {
        return new KeyCauses(f.messages, f.certs, log, r -> f.builder().check(r).build());
    }

    @Test
    void theWatchdogsCheckCarriesTheCauseWithoutASecondEnvironmentCheck() {
        Fixture f = new Fixture();
        f.xtx.validUntil = "20261120235959";
        f.xtx.validate = -2;
        CheckResult r = f.env().withCauses(causes(f, ReminderLog.inMemory())).check();
        Cause c = r.cause().orElseThrow();
        assertThat(c.id()).isEqualTo("cert.validity");
        assertThat(c.level()).isEqualTo(Cause.Level.FAIL);
        assertThat(c.summary()).isEqualTo("The certificate of 张三 expired on 2026-11-20; please contact IT to renew it.");
        assertThat(f.xtx.count("CheckSoftDeviceEnv")).isEqualTo(1);
    }

    @Test
    void aHealthyKeyHasNoCause() {
        Fixture f = new Fixture();
        assertThat(f.env().withCauses(causes(f, ReminderLog.inMemory())).check().cause()).isEmpty();
    }

    @Test
    void anUnreachableServiceIsBjcaService() {
        Fixture f = new Fixture();
        f.xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "refused");
        assertThat(f.env().withCauses(causes(f, ReminderLog.inMemory())).check().cause().orElseThrow().id())
                .isEqualTo("bjca.service");
    }

    @Test
    void anExpiryReminderIsAnnouncedOnceADayPerCertificateAndAcrossRestarts() {
        Fixture f = new Fixture();
        f.xtx.validUntil = "20270101000000"; // 30 days
        Cause first = f.env().withCauses(causes(f, ReminderLog.inFolder(data))).check().cause().orElseThrow();
        assertThat(first.id()).isEqualTo("cert.expiry");
        assertThat(first.announce()).isTrue();
        Cause again = f.env().withCauses(causes(f, ReminderLog.inFolder(data))).check().cause().orElseThrow();
        assertThat(again.id()).isEqualTo("cert.expiry");
        assertThat(again.announce()).as("same day, after a restart").isFalse();
        f.now = Fixture.NOW.plusSeconds(24 * 3600);
        assertThat(f.env().withCauses(causes(f, ReminderLog.inFolder(data))).check().cause().orElseThrow().announce())
                .as("next day").isTrue();
    }

    @Test
    void reminderLogEdges() {
        ReminderLog log = ReminderLog.inMemory();
        LocalDate d = LocalDate.of(2026, 12, 1);
        assertThat(log.firstToday("A", d)).isTrue();
        assertThat(log.firstToday("A", d)).isFalse();
        assertThat(log.firstToday("B", d)).isTrue();
        assertThat(log.firstToday("A", d.plusDays(1))).isTrue();
    }

    @Test
    void aReminderLogThatCannotBeWrittenStillRemindsOnceInThisProcess() throws Exception {
        Path notAFolder = java.nio.file.Files.writeString(data.resolve("file"), "x");
        ReminderLog log = ReminderLog.inFolder(notAFolder);
        LocalDate d = LocalDate.of(2026, 12, 1);
        assertThat(log.firstToday("A", d)).isTrue();
        assertThat(log.firstToday("A", d)).isFalse();
    }

    @Test
    void theCertificateCacheIsDroppedWhenTheKeyLeaves() {
        Fixture f = new Fixture();
        KeyCauses k = causes(f, ReminderLog.inMemory());
        f.env().withCauses(k).check();
        f.env().withCauses(k).check();
        assertThat(f.xtx.count("SOF_ExportUserCert")).isEqualTo(1);
        assertThat(f.xtx.count("SOF_ValidateCert")).as("validity may change: asked every time").isEqualTo(2);
        k.accept(new WatchdogEvent.StateChanged(new WatchdogStatus(WatchState.CHECKING, true, Optional.empty(),
                Optional.empty(), Instant.EPOCH)));
        assertThat(f.certs.size()).isEqualTo(1);
        k.accept(new WatchdogEvent.StateChanged(new WatchdogStatus(WatchState.WAITING_FOR_KEY, false, Optional.empty(),
                Optional.empty(), Instant.EPOCH)));
        assertThat(f.certs.size()).isZero();
    }

    @Test
    void aFinderThatThrowsLeavesTheCheckItsOwnAnswer() {
        Fixture f = new Fixture();
        CheckResult r = f.env().withCauses(x -> {
            throw new IllegalStateException("boom");
        }).check();
        assertThat(r.ok()).isTrue();
        assertThat(r.cause()).isEmpty();
    }
}
