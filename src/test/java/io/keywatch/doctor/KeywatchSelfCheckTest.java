package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.XtxException;
import io.keywatch.doctor.checks.KeywatchSelfCheck;
import io.keywatch.platform.HostFacts;
import io.keywatch.platform.HostFacts.ComRegistration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code keywatch.self}: which bridge KeyWatch uses and why, and the caller's facts, counted. */
class KeywatchSelfCheckTest {
    final Map<String, Object> self = new LinkedHashMap<>();

    private CheckOutcome run(Fixture f) {
        return new KeywatchSelfCheck().run(f.builder().selfFacts(() -> self).build());
    }

    @Test
    void autoWithA32BitOnlyComSaysCouldNotHaveBeenUsed() {
        Fixture f = new Fixture();
        f.xtx.bridge = "websocket";
        f.host.com = HostFacts.Fact.of(ComRegistration.ONLY_32_BIT);
        self.put(KeywatchSelfCheck.BRIDGE_SETTING, "auto");
        CheckOutcome o = run(f);
        assertThat(o.status()).isEqualTo(CheckState.OK);
        assertThat(o.details()).containsEntry("bridge", "websocket").containsEntry("bridgeReason", "auto32BitCom")
                .containsEntry("comRegistration", "ONLY_32_BIT").containsEntry("bridgeSetting", "auto");
        assertThat(o.summary()).startsWith("KeyWatch on this PC: bridge websocket (the first that answered; COM could not"
                + " have been used: XTXAppCOM is registered for 32-bit programs only);");
        assertThat(run(f.zh()).summary()).startsWith("本机上的 KeyWatch：桥接方式 websocket（第一个应答的方式；COM 本就无法使用：");
    }

    @Test
    void eachReasonForTheBridge() {
        Fixture f = new Fixture();
        f.xtx.bridge = "http";
        assertThat(run(f).details()).as("no setting given: auto").containsEntry("bridgeReason", "auto")
                .doesNotContainKey("comRegistration");
        assertThat(run(f).summary()).contains("(the first of WebSocket, HTTP and COM that answered (bjca.bridge auto))");
        f.host.com = HostFacts.Fact.of(ComRegistration.ONLY_32_BIT_LOCAL_SERVER);
        assertThat(run(f).details()).containsEntry("bridgeReason", "auto");
        f.host.com = HostFacts.Fact.unknown("denied");
        assertThat(run(f).details()).containsEntry("comRegistration", "UNKNOWN");
        f.xtx.bridge = "com";
        assertThat(run(f).details()).containsEntry("bridgeReason", "autoCom");
        self.put(KeywatchSelfCheck.BRIDGE_SETTING, "com");
        CheckOutcome configured = run(f);
        assertThat(configured.details()).containsEntry("bridgeReason", "configured");
        assertThat(configured.summary()).contains("bridge com (bjca.bridge is set to com)");
        Fixture zh = new Fixture().zh();
        zh.xtx.bridge = "com";
        assertThat(run(zh).summary()).contains("桥接方式 com（bjca.bridge 设为 com）");
        f.xtx.failure = new XtxException(XtxException.Kind.UNAVAILABLE, "refused");
        CheckOutcome none = run(f);
        assertThat(none.details()).containsEntry("bridgeReason", "none").doesNotContainKey("bridge");
        assertThat(none.summary()).startsWith("KeyWatch on this PC: bridge - (no bridge answers (see bjca.service));");
    }

    @Test
    void onlyBooleanFactsCountAsIntegrations() {
        Fixture f = new Fixture();
        self.put("trayRunning", true);
        self.put("sessionEventsRunning", false);
        self.put("sessionEvents", "windows-session");
        CheckOutcome o = run(f);
        boolean cds = Boolean.TRUE.equals(o.details().get("cdsArchiveInUse"));
        assertThat(o.summary()).endsWith((cds ? 2 : 1) + " of 3 integrations working (see details).");
        assertThat(o.details()).containsEntry("sessionEvents", "windows-session");
    }
}
