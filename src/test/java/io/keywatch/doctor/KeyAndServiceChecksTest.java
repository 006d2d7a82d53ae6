package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import io.keywatch.doctor.checks.BjcaInstalledCheck;
import io.keywatch.doctor.checks.BjcaServiceCheck;
import io.keywatch.doctor.checks.KeysDriverCheck;
import io.keywatch.doctor.checks.KeysPresentCheck;
import io.keywatch.doctor.checks.KeysSingleCheck;
import io.keywatch.doctor.checks.RemoteSessionCheck;
import io.keywatch.doctor.checks.SmartcardServiceCheck;
import io.keywatch.platform.HostFacts;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyAndServiceChecksTest {

    @Test
    void usbSeesAKnownKeyButBjcaNoneNamesTheVendorsDriver() {
        Fixture f = new Fixture();
        f.xtx.users = List.of();
        f.xtx.devices = 0;
        f.usb.add(new UsbView.Key("055C:E618", "Longmai 龙脉 GM3000"));
        DoctorReport r = f.runAll();
        assertThat(r.get("keys.present").orElseThrow().status()).isEqualTo(CheckState.OK);
        CheckOutcome driver = r.cause().orElseThrow();
        assertThat(driver.id()).isEqualTo("keys.driver");
        assertThat(driver.summary()).contains("Longmai 龙脉 GM3000").contains("055C:E618");
        assertThat(driver.forIt()).isEqualTo("Install the driver for Longmai 龙脉 GM3000 (055C:E618), then plug the key"
                + " in again and restart the nursing app.");
    }

    @Test
    void noKeyAnywhereIsKeysPresent() {
        Fixture f = new Fixture();
        f.xtx.users = List.of();
        f.xtx.devices = 0;
        DoctorReport r = f.runAll();
        assertThat(r.cause().orElseThrow().id()).isEqualTo("keys.present");
        assertThat(r.get("keys.driver").orElseThrow().status()).isEqualTo(CheckState.SKIPPED);
    }

    @Test
    void usbThatCannotBeListedLeavesTheDriverCheckSkippedWithTheReason() {
        Fixture f = new Fixture();
        f.xtx.users = List.of();
        f.xtx.devices = 0;
        f.usbFailure = new IllegalStateException("libusb: access denied");
        CheckOutcome o = f.run(new KeysDriverCheck());
        assertThat(o.status()).isEqualTo(CheckState.SKIPPED);
        assertThat(o.summary()).contains("libusb: access denied");
    }

    @Test
    void aKeyWithoutCertificatesFails() {
        Fixture f = new Fixture();
        f.xtx.users = List.of();
        f.xtx.devices = 1;
        assertThat(f.run(new KeysPresentCheck()).details().get("variant")).isEqualTo("noCertificate");
    }

    @Test
    void twoKeysByDeviceCountOrByDistinctSerialsWarn() {
        Fixture f = new Fixture();
        f.xtx.devices = 2;
        assertThat(f.run(new KeysSingleCheck()).status()).isEqualTo(CheckState.WARN);
        Fixture g = new Fixture();
        g.xtx.devices = 1;
        g.xtx.users = List.of(new KeyUser("张三", "SIGN/111"), new KeyUser("张三", "ENC/111"));
        assertThat(g.run(new KeysSingleCheck()).status()).as("two certificates, one key").isEqualTo(CheckState.OK);
        g.xtx.users = List.of(new KeyUser("张三", "C/111"), new KeyUser("李四", "C/222"));
        CheckOutcome o = g.run(new KeysSingleCheck());
        assertThat(o.status()).isEqualTo(CheckState.WARN);
        assertThat(o.forUser()).isEqualTo("Remove the extra key; keep only your own.");
    }

    @Test
    void aProgramHoldingThePortIsNamed() {
        Fixture f = new Fixture();
        f.settings = f.settings.withServicePort(21061);
        f.xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "answered garbage");
        f.host.owners = HostFacts.Fact.of(List.of(new HostFacts.PortOwner(4242, "nginx.exe")));
        CheckOutcome o = f.run(new BjcaServiceCheck());
        assertThat(f.host.askedPort).isEqualTo(21061);
        assertThat(o.status()).isEqualTo(CheckState.FAIL);
        assertThat(o.summary()).isEqualTo("BJCA does not answer: port 21061 is held by another program, nginx.exe (pid 4242).");
        assertThat(o.forIt()).startsWith("Stop nginx.exe (pid 4242)");
    }

    @Test
    void aTimeoutAndAnUnknownPortOwnerAreStillFail() {
        Fixture f = new Fixture();
        f.xtx.failure = new XtxException(XtxException.Kind.TIMEOUT, "no answer in 5000 ms");
        f.host.owners = HostFacts.Fact.unknown("no rights");
        CheckOutcome o = f.run(new BjcaServiceCheck());
        assertThat(o.status()).isEqualTo(CheckState.FAIL);
        assertThat(o.details()).containsEntry("variant", "timeout").containsEntry("portOwnerProblem", "no rights");
    }

    @Test
    void bjcaInstalledFromTheRegistryOrMissing() {
        Fixture f = new Fixture();
        f.host.install = HostFacts.Fact.of(new HostFacts.BjcaInstall(Optional.empty(), Optional.empty()));
        assertThat(f.run(new BjcaInstalledCheck()).status()).as("service answers: damaged install").isEqualTo(CheckState.WARN);
        f.xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "refused");
        assertThat(f.run(new BjcaInstalledCheck()).status()).isEqualTo(CheckState.FAIL);
        f.host.install = HostFacts.Fact.unknown("access denied");
        assertThat(f.run(new BjcaInstalledCheck()).status()).isEqualTo(CheckState.SKIPPED);
    }

    @Test
    void onlyADisabledSmartCardServiceIsAFault() {
        Fixture f = new Fixture();
        for (HostFacts.ServiceStart s : HostFacts.ServiceStart.values()) {
            f.host.smartCard = HostFacts.Fact.of(s);
            assertThat(f.run(new SmartcardServiceCheck()).status()).as(s.name())
                    .isEqualTo(s == HostFacts.ServiceStart.DISABLED ? CheckState.FAIL : CheckState.OK);
        }
    }

    @Test
    void aRemoteSessionFailsWhenNoKeyIsSeenHereAndWarnsWhenOneIs() {
        Fixture f = new Fixture();
        f.host.remote = HostFacts.Fact.of(true);
        assertThat(f.run(new RemoteSessionCheck()).status()).isEqualTo(CheckState.WARN);
        f.xtx.users = List.of();
        assertThat(f.run(new RemoteSessionCheck()).status()).isEqualTo(CheckState.FAIL);
    }
}
