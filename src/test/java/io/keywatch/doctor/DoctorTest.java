package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import io.keywatch.platform.HostFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The whole doctor on one PC per cause: verdict, exit code, the cause's id, the JSON's shape. */
class DoctorTest {
    static final List<String> IDS = List.of("bjca.installed", "bjca.service", "smartcard.service", "session.remote",
            "clock", "keys.present", "keys.driver", "keys.single", "cert.validity", "cert.expiry", "pin.retries",
            "softkey.db", "keywatch.self");

    @Test
    void aHealthyPcIsOkWithNoCauseAndEveryFixedIdInOrder() {
        Fixture f = new Fixture();
        DoctorReport r = f.runAll();
        assertThat(r.checks()).extracting(CheckOutcome::id).containsExactlyElementsOf(IDS);
        assertThat(r.verdict()).isEqualTo(CheckState.OK);
        assertThat(r.exitCode()).isZero();
        assertThat(r.cause()).isEmpty();
        assertThat(r.toMap().get("cause")).isNull();
        assertThat(r.get("bjca.installed").orElseThrow().status()).isEqualTo(CheckState.SKIPPED);
        assertThat(r.get("cert.expiry").orElseThrow().summary()).contains("2027-12-31");
    }

    @Test
    void theJsonCarriesTheContractsFieldsForEveryCheck() {
        Fixture f = new Fixture();
        f.xtx.pinRetries = 0;
        Map<String, Object> m = f.runAll().toMap();
        assertThat(m).containsKeys("verdict", "exitCode", "cause", "checks");
        assertThat(m.get("verdict")).isEqualTo("FAIL");
        assertThat(m.get("exitCode")).isEqualTo(1);
        assertThat(m.get("cause")).isEqualTo("pin.retries");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) m.get("checks");
        assertThat(checks).hasSize(IDS.size()).allSatisfy(c ->
                assertThat(c).containsOnlyKeys("id", "status", "summary", "action", "details"));
        Map<String, Object> pin = checks.stream().filter(c -> c.get("id").equals("pin.retries")).findFirst().orElseThrow();
        assertThat(pin.get("status")).isEqualTo("FAIL");
        assertThat((String) pin.get("summary")).startsWith("PIN locked: call IT");
        assertThat((String) pin.get("action")).contains("Do not try the PIN again").contains("IT: Unlock");
    }

    @Test
    void bjcaUnreachableIsExitThreeAndTheKeyChecksAreSkipped() {
        Fixture f = new Fixture();
        f.xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "connection refused");
        DoctorReport r = f.runAll();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.cause().orElseThrow().id()).isEqualTo("bjca.service");
        assertThat(r.get("bjca.service").orElseThrow().summary()).contains("nothing listens on port 21051");
        assertThat(List.of("keys.single", "cert.validity", "cert.expiry", "pin.retries", "softkey.db"))
                .allSatisfy(id -> assertThat(r.get(id).orElseThrow().status()).isEqualTo(CheckState.SKIPPED));
    }

    @Test
    void aFailAfterAWarnIsTheCause() {
        Fixture f = new Fixture();
        f.xtx.devices = 2; // keys.single WARN comes first
        f.xtx.validate = -3;
        DoctorReport r = f.runAll();
        assertThat(r.get("keys.single").orElseThrow().status()).isEqualTo(CheckState.WARN);
        assertThat(r.cause().orElseThrow().id()).isEqualTo("cert.validity");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void onlyWarningsGiveVerdictWarnAndExitZeroWithTheFirstWarnAsCause() {
        Fixture f = new Fixture();
        f.xtx.users = List.of(new KeyUser("张三", "UserKey/111"), new KeyUser("李四", "UserKey/222"));
        f.xtx.pinRetries = 2;
        DoctorReport r = f.runAll();
        assertThat(r.verdict()).isEqualTo(CheckState.WARN);
        assertThat(r.exitCode()).isZero();
        assertThat(r.cause().orElseThrow().id()).isEqualTo("keys.single");
    }

    @Test
    void aCarriedOverDbIsSoftkeyDbWithTheRepairOffered() {
        Fixture f = new Fixture();
        f.store.dbPresent = true;
        f.xtx.envOk = false;
        DoctorReport r = f.runAll();
        CheckOutcome db = r.cause().orElseThrow();
        assertThat(db.id()).isEqualTo("softkey.db");
        assertThat(db.repair()).contains(Repair.SOFTKEY_RESET);
        assertThat(db.summary()).contains("2023-11-15").contains("2024-01-20");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void aCheckThatThrowsIsSkippedWithTheErrorAndTheOthersStillRun() {
        Fixture f = new Fixture();
        DoctorCheck broken = new DoctorCheck() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public CheckOutcome run(DoctorContext ctx) {
                throw new IllegalStateException("boom");
            }
        };
        DoctorReport r = new Doctor(List.of(broken, new io.keywatch.doctor.checks.KeysSingleCheck())).run(f.context());
        assertThat(r.checks().get(0).status()).isEqualTo(CheckState.SKIPPED);
        assertThat(r.checks().get(0).summary()).contains("boom");
        assertThat(r.checks().get(1).status()).isEqualTo(CheckState.OK);
        assertThat(r.verdict()).isEqualTo(CheckState.OK);
    }

    @Test
    void theEnvironmentIsCheckedOnceAndCertificatesReadOncePerRun() {
        Fixture f = new Fixture();
        f.runAll();
        assertThat(f.xtx.count("CheckSoftDeviceEnv")).isEqualTo(1);
        assertThat(f.xtx.count("SOF_ExportUserCert")).isEqualTo(1);
        assertThat(f.xtx.count("GetDeviceCount")).isEqualTo(1);
    }

    @Test
    void aWrongClockIsNamedBeforeTheCertificateItMakesLookNotYetValid() {
        Fixture f = new Fixture();
        f.now = Instant.parse("2019-06-01T08:00:00Z"); // before the OS install, before the certificate
        f.xtx.validate = -5;
        DoctorReport r = f.runAll();
        assertThat(r.cause().orElseThrow().id()).isEqualTo("clock");
        assertThat(r.cause().get().summary()).contains("2019-06-01").contains("2024-01-20");
        assertThat(r.get("cert.validity").orElseThrow().status()).isEqualTo(CheckState.FAIL);
    }

    @Test
    void windowsFactsComeThroughTheHostPort() {
        Fixture f = new Fixture();
        f.host.install = HostFacts.Fact.of(new HostFacts.BjcaInstall(Optional.of("C:\\BJCA"), Optional.of("3.7.418")));
        f.host.smartCard = HostFacts.Fact.of(HostFacts.ServiceStart.DISABLED);
        f.host.remote = HostFacts.Fact.of(false);
        DoctorReport r = f.runAll();
        assertThat(r.get("bjca.installed").orElseThrow().summary()).contains("C:\\BJCA").contains("3.7.418");
        assertThat(r.get("session.remote").orElseThrow().status()).isEqualTo(CheckState.OK);
        assertThat(r.cause().orElseThrow().id()).isEqualTo("smartcard.service");
    }
}
