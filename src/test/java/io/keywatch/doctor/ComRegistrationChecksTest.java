package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.XtxException;
import io.keywatch.doctor.checks.BjcaInstalledCheck;
import io.keywatch.platform.HostFacts;
import io.keywatch.platform.HostFacts.ComRegistration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code bjca.installed} with BJCA's COM registration: each state, with and without an answering service. */
class ComRegistrationChecksTest {

    private static Fixture windowsPc(HostFacts.Fact<ComRegistration> com) {
        Fixture f = new Fixture();
        f.host.install = HostFacts.Fact.of(new HostFacts.BjcaInstall(Optional.of("C:\\BJCA"), Optional.of("3.2.1")));
        f.host.com = com;
        f.xtx.bridge = "websocket";
        return f;
    }

    @Test
    void only32BitWhileTheServiceAnswersWarnsInOneSentenceWithItsOptions() {
        Fixture f = windowsPc(HostFacts.Fact.of(ComRegistration.ONLY_32_BIT));
        CheckOutcome o = f.run(new BjcaInstalledCheck());
        assertThat(o.status()).isEqualTo(CheckState.WARN);
        assertThat(o.summary()).isEqualTo("BJCA's COM component (XTXAppCOM) is registered for 32-bit programs only,"
                + " which 64-bit KeyWatch cannot load, so KeyWatch reaches BJCA through its local websocket service instead.");
        assertThat(o.forUser()).isEqualTo("Nothing to do: KeyWatch works.");
        assertThat(o.forIt()).contains("keep it so", "BJCA's local service must then keep running",
                "64-bit XTXAppCOM", "HKCR\\CLSID\\{3F367B74-92D9-4C5E-AB93-234F8A91D5E6}");
        assertThat(o.details()).containsEntry("variant", "only32Bit").containsEntry("comRegistration", "ONLY_32_BIT");
    }

    @Test
    void only32BitInChinese() {
        Fixture f = windowsPc(HostFacts.Fact.of(ComRegistration.ONLY_32_BIT)).zh();
        CheckOutcome o = f.run(new BjcaInstalledCheck());
        assertThat(o.summary()).isEqualTo("BJCA 的 COM 组件（XTXAppCOM）只登记给 32 位程序使用，64 位的 KeyWatch 无法加载，"
                + "因此 KeyWatch 改用 BJCA 的本地 websocket 服务。");
        assertThat(o.forUser()).isEqualTo("无需处理：KeyWatch 工作正常。");
        assertThat(o.forIt()).contains("保持现状", "64 位 XTXAppCOM", "HKCR\\CLSID\\{3F367B74-92D9-4C5E-AB93-234F8A91D5E6}");
    }

    @Test
    void only32BitWithNothingAnsweringFailsAndIsTheCauseWhileTheExitCodeStaysThree() {
        Fixture f = windowsPc(HostFacts.Fact.of(ComRegistration.ONLY_32_BIT));
        f.xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "connection refused");
        DoctorReport r = f.runAll();
        CheckOutcome o = r.get("bjca.installed").orElseThrow();
        assertThat(o.status()).isEqualTo(CheckState.FAIL);
        assertThat(o.details()).containsEntry("variant", "only32BitNoService");
        assertThat(o.summary()).endsWith("and BJCA's local service does not answer: nothing can reach BJCA.");
        assertThat(o.forUser()).isEqualTo("Call IT.");
        assertThat(r.cause().orElseThrow().id()).as("the more specific finding comes first").isEqualTo("bjca.installed");
        assertThat(r.exitCode()).isEqualTo(3);
        Fixture zh = windowsPc(HostFacts.Fact.of(ComRegistration.ONLY_32_BIT)).zh();
        zh.xtx.failure = f.xtx.failure;
        assertThat(zh.run(new BjcaInstalledCheck()).summary()).endsWith("而 BJCA 本地服务也没有应答：KeyWatch 无法连接 BJCA。");
    }

    @Test
    void only32BitSpeaksBeforeAMissingInstallRecord() {
        Fixture f = windowsPc(HostFacts.Fact.of(ComRegistration.ONLY_32_BIT));
        f.host.install = HostFacts.Fact.of(new HostFacts.BjcaInstall(Optional.empty(), Optional.empty()));
        assertThat(f.run(new BjcaInstalledCheck()).details()).containsEntry("variant", "only32Bit");
        f.host.com = HostFacts.Fact.of(ComRegistration.NOT_REGISTERED);
        assertThat(f.run(new BjcaInstalledCheck()).details()).containsEntry("variant", "unregistered")
                .containsEntry("comRegistration", "NOT_REGISTERED");
    }

    @ParameterizedTest
    @EnumSource(value = ComRegistration.class, names = "ONLY_32_BIT", mode = EnumSource.Mode.EXCLUDE)
    void usableOrAbsentComLeavesAnInstalledClientOkWithTheStateInTheDetails(ComRegistration state) {
        Fixture f = windowsPc(HostFacts.Fact.of(state));
        CheckOutcome o = f.run(new BjcaInstalledCheck());
        assertThat(o.status()).isEqualTo(CheckState.OK);
        assertThat(o.details()).containsEntry("comRegistration", state.name()).doesNotContainKey("comRegistrationProblem");
        f.xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "refused");
        assertThat(f.run(new BjcaInstalledCheck()).status()).as("bjca.service speaks for a silent service")
                .isEqualTo(CheckState.OK);
    }

    @Test
    void anUnreadableRegistrationIsUnknownWithItsProblemAndChangesNoVerdict() {
        Fixture f = windowsPc(HostFacts.Fact.unknown("access denied"));
        CheckOutcome o = f.run(new BjcaInstalledCheck());
        assertThat(o.status()).isEqualTo(CheckState.OK);
        assertThat(o.details()).containsEntry("comRegistration", "UNKNOWN")
                .containsEntry("comRegistrationProblem", "access denied");
        f.host.install = HostFacts.Fact.unknown("no rights");
        f.host.com = HostFacts.Fact.of(ComRegistration.REGISTERED);
        CheckOutcome skipped = f.run(new BjcaInstalledCheck());
        assertThat(skipped.status()).isEqualTo(CheckState.SKIPPED);
        assertThat(skipped.details()).containsEntry("variant", "unknown").containsEntry("comRegistration", "REGISTERED");
    }

    @Test
    void offWindowsThereIsNoRegistrationDetail() {
        CheckOutcome o = new Fixture().run(new BjcaInstalledCheck());
        assertThat(o.status()).isEqualTo(CheckState.SKIPPED);
        assertThat(o.details()).doesNotContainKey("comRegistration");
    }
}
