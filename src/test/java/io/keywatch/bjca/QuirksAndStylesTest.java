package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.CheckAnswer;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.SimulatedService.Quirk;
import io.keywatch.sim.SimulatedService.ReplyStyle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client against every reply style and every quirk of the simulated service, over WebSocket and
 * over synctl on the WebSocket's port: it must conclude what BJCA's page scripts conclude (OK with
 * the user listed; FAILED, saying why, for a CheckSoftDeviceEnv reply without a value).
 */
class QuirksAndStylesTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path bjcaFolder;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String bridge : List.of("websocket", "http")) {
            for (ReplyStyle style : ReplyStyle.values()) {
                all.add(Arguments.of(bridge, style, null));
            }
            for (Quirk quirk : Quirk.values()) {
                all.add(Arguments.of(bridge, ReplyStyle.RET_VALUE_STRINGS, quirk));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void clientDecidesAsThePagesDo(String bridge, ReplyStyle style, Quirk quirk) throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(bjcaFolder, "WARD-PC-7")) {
            sim.service().slowFirstAnswer(Duration.ofMillis(1500));
            if (quirk != null) {
                sim.quirks(quirk);
            }
            sim.start();
            sim.replyStyle(style);
            sim.insertKey("张三", "5303201812001784");
            try (XtxClient client = bridge.equals("websocket")
                    ? new WebSocketXtxClient(sim.webSocketUrl(), TIMEOUT)
                    : new HttpXtxClient(sim.synctlUrl(), TIMEOUT)) {
                CheckAnswer answer = client.checkSoftDeviceEnvAnswer();
                List<KeyUser> users = client.userList();
                if (quirk == Quirk.NO_VALUE) {
                    assertThat(answer.ok()).isFalse();
                    assertThat(answer.remark()).hasValueSatisfying(r -> assertThat(r).contains("carried no value"));
                } else {
                    assertThat(answer.ok()).isTrue();
                    assertThat(answer.remark()).isEmpty();
                }
                assertThat(users).containsExactly(new KeyUser("张三", "UserKey/5303201812001784"));
                assertThat(client.deviceCount()).isEqualTo(1);
                assertThat(client.deviceInfo("UserKey/5303201812001784", 7)).isEqualTo("HARD");
                if (quirk == Quirk.OLD_SERVICE && bridge.equals("websocket")) {
                    assertThat(client.version()).isEqualTo("2.14.0.0");
                    Map<String, Object> last = sim.requests().get(sim.requests().size() - 1);
                    assertThat(last).containsKey("cookie").doesNotContainKey("URL");
                }
                if (quirk == Quirk.URL_REQUIRED && bridge.equals("websocket")) {
                    Map<String, Object> last = sim.requests().get(sim.requests().size() - 1);
                    assertThat(last).as("after an older-form SOF_GetVersion was refused")
                            .containsEntry("URL", "http://127.0.0.1/keywatch/").doesNotContainKey("cookie");
                }
                if (quirk == Quirk.COOKIE_FRAMES) {
                    Map<String, Object> last = sim.requests().get(sim.requests().size() - 1);
                    assertThat(last).containsEntry(bridge.equals("websocket") ? "cookie" : "url",
                            bridge.equals("websocket") ? sim.service().cookie().split(";")[0]
                                    : io.keywatch.bjca.XtxProtocol.DEFAULT_CALLER_URL);
                }
            }
        }
    }
}
