package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XtxProtocolTest {

    @Test
    void webSocketFrameCarriesEveryDocumentedField() throws Exception {
        XtxProtocol protocol = new XtxProtocol("keywatch");
        String id = protocol.nextCallId();
        Map<String, Object> frame = JSON.std.mapFrom(protocol.webSocketRequest(id, "GetDeviceInfo", List.of("SN1", 7)));

        assertThat(id).isEqualTo("i_1");
        assertThat(protocol.nextCallId()).isEqualTo("i_2");
        assertThat(frame).containsEntry("call_cmd_id", "i_1")
                .containsEntry("xtx_func_name", "GetDeviceInfo")
                .containsEntry("func", "GetDeviceInfo")
                .containsEntry("CLSID", XtxProtocol.CLSID)
                .containsEntry("URL", "keywatch")
                .containsEntry("param", List.of("SN1", 7))
                .containsEntry("param_1", "SN1")
                .containsEntry("param_2", 7)
                .doesNotContainKey("token");
    }

    @Test
    void tokenFromAReplyGoesIntoLaterRequests() throws Exception {
        XtxProtocol protocol = new XtxProtocol("keywatch");
        protocol.read("{\"call_cmd_id\":\"i_1\",\"retValue\":\"x\",\"token\":\"T-42\"}");

        assertThat(protocol.token()).contains("T-42");
        assertThat(JSON.std.mapFrom(protocol.webSocketRequest("i_2", "SOF_GetVersion", List.of())))
                .containsEntry("token", "T-42");
        assertThat(JSON.std.mapFrom(protocol.synctlRequest("SOF_GetVersion", List.of())))
                .containsEntry("token", "T-42")
                .containsEntry("func", "SOF_GetVersion")
                .containsEntry("clsid", XtxProtocol.CLSID)
                .containsEntry("url", "keywatch")
                .doesNotContainKey("param");
        // A reply without a token keeps the session token.
        protocol.read("{\"call_cmd_id\":\"i_2\",\"retValue\":\"x\"}");
        assertThat(protocol.token()).contains("T-42");
    }

    @Test
    void parametersMustBeScalars() {
        XtxProtocol protocol = new XtxProtocol("keywatch");
        assertThatThrownBy(() -> protocol.synctlRequest("X", List.of(List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsRetValueAndRetVal() throws Exception {
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"retValue\":\"true\"}").value()).contains("true");
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"retVal\":true}").value()).contains(true);
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":7,\"retVal\":3}").callId()).contains("7");
    }

    @Test
    void recognisesUsbkeyChangeEventsCaseInsensitively() throws Exception {
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"onUsbkeyChange\"}").event()).isTrue();
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"ONUSBKEYCHANGE\",\"x\":1}").event()).isTrue();
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"retValue\":\"\"}").event()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "<html>502</html>", "[1,2]", "\"text\"", "42", "{\"call_cmd_id\":",
            "{\"call_cmd_id\":{\"a\":1}}"})
    void garbageIsAProtocolErrorQuotingWhatCame(String garbage) {
        expectProtocol(() -> XtxProtocol.parse(garbage)).hasMessageContaining("accepted");
    }

    @Test
    void longGarbageIsTruncatedInTheMessage() {
        String garbage = "x".repeat(10_000);
        expectProtocol(() -> XtxProtocol.parse(garbage))
                .hasMessageContaining("10000 characters")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void quotedRepliesMaskSessionSecrets() {
        assertThat(XtxProtocol.quote("{\"call_cmd_id\":\"i_1\",\"token\":\"S3CRET\\\"x\",\"Set-Cookie\":\"sid=abc\"}"))
                .contains("\"token\":\"***\"")
                .contains("\"Set-Cookie\":\"***\"")
                .doesNotContain("S3CRET")
                .doesNotContain("sid=abc");
    }

    @Test
    void replyWithoutValueHasNoneAndAnErrorNextToAValueKeepsTheValue() throws Exception {
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\"}").valueFor("SOF_GetVersion")).isEmpty();
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"retValue\":null}").valueFor("X")).isEmpty();
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"retValue\":null,\"retVal\":\"true\"}").valueFor("X"))
                .as("retValue present (even null) wins, as in the scripts").isEmpty();
        XtxProtocol.Message withError = XtxProtocol.parse(
                "{\"call_cmd_id\":\"i_1\",\"retValue\":\"张三||UserKey/1&&&\",\"loginError\":\"用户未登录\"}");
        assertThat(withError.valueFor("SOF_GetUserList")).contains("张三||UserKey/1&&&");
        assertThat(withError.error()).contains("loginError: 用户未登录");
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"error\":\"unknown function: Foo\"}").valueFor("Foo"))
                .isEmpty();
    }

    @Test
    void setCookieAndTokenAreKeptFromFramesWithoutCallId() throws Exception {
        XtxProtocol protocol = new XtxProtocol(XtxProtocol.DEFAULT_CALLER_URL);
        XtxProtocol.Message m = protocol.read("{\"set-cookie\":\"BJCASESSION=abc; path=/\",\"token\":\"T-1\"}");
        assertThat(m.callId()).isEmpty();
        assertThat(protocol.cookie()).contains("BJCASESSION=abc");
        assertThat(protocol.token()).contains("T-1");
        assertThat(JSON.std.mapFrom(protocol.webSocketRequest("i_1", "SOF_GetUserList", List.of())))
                .containsEntry("cookie", "BJCASESSION=abc").containsEntry("token", "T-1");
    }

    @Test
    void olderFormCarriesCookieAndNoUrlNorClsid() throws Exception {
        XtxProtocol protocol = new XtxProtocol(XtxProtocol.DEFAULT_CALLER_URL);
        Map<String, Object> before = JSON.std.mapFrom(protocol.webSocketRequest("i_1", "SOF_GetVersion", List.of(),
                XtxProtocol.Form.OLDER));
        assertThat(before).containsEntry("cookie", "").containsEntry("xtx_func_name", "SOF_GetVersion")
                .containsEntry("call_cmd_id", "i_1").containsEntry("param", List.of())
                .doesNotContainKeys("URL", "CLSID", "func");
        Map<String, Object> current = JSON.std.mapFrom(protocol.webSocketRequest("i_2", "SOF_GetVersion", List.of()));
        assertThat(current).containsEntry("URL", XtxProtocol.DEFAULT_CALLER_URL).containsEntry("CLSID", XtxProtocol.CLSID)
                .containsEntry("param", List.of()).doesNotContainKey("cookie");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2.15.9.0,OLDER", "2.16,CURRENT", "2.16.0.1,CURRENT", "2.9,OLDER",
            "1.99,OLDER", "3.4.1.0,CURRENT", "3.4.1.0-sim,CURRENT", "v2.14,OLDER", "'',CURRENT", "garbage,CURRENT"})
    void versionPicksTheRequestFormNumericallyAt216(String version, XtxProtocol.Form form) {
        assertThat(XtxProtocol.Form.forVersion(version)).isEqualTo(form);
    }

    @Test
    void synctlBodyLeavesParamOutWithoutArguments() throws Exception {
        XtxProtocol protocol = new XtxProtocol(XtxProtocol.DEFAULT_CALLER_URL);
        assertThat(JSON.std.mapFrom(protocol.synctlRequest("CheckSoftDeviceEnv", List.of())))
                .containsOnlyKeys("url", "clsid", "func");
        assertThat(JSON.std.mapFrom(protocol.synctlRequest("GetDeviceInfo", List.of("SN", 7))))
                .containsEntry("param", List.of("SN", 7));
    }

    @Test
    void messageSizeIsCappedAtTheCapNotOneCharacterBefore() throws Exception {
        String prefix = "{\"call_cmd_id\":\"i_1\",\"retValue\":\"";
        String suffix = "\"}";
        String atCap = prefix + "x".repeat(XtxProtocol.MAX_MESSAGE_CHARS - prefix.length() - suffix.length()) + suffix;
        assertThat(atCap).hasSize(XtxProtocol.MAX_MESSAGE_CHARS);
        assertThat(XtxProtocol.parse(atCap).value()).isPresent();
        String overCap = prefix + "x".repeat(XtxProtocol.MAX_MESSAGE_CHARS - prefix.length() - suffix.length() + 1) + suffix;
        assertThatThrownBy(() -> XtxProtocol.parse(overCap)).isInstanceOf(XtxProtocol.OverCap.class)
                .hasMessageContaining(String.valueOf(XtxProtocol.MAX_MESSAGE_CHARS));
    }

    @Test
    void nestingIsCappedAtTheCap() throws Exception {
        // The object itself is level 1: MAX_DEPTH - 1 arrays inside it reach the cap exactly.
        String atCap = "{\"call_cmd_id\":\"i_1\",\"x\":" + "[".repeat(XtxProtocol.MAX_DEPTH - 1)
                + "]".repeat(XtxProtocol.MAX_DEPTH - 1) + "}";
        assertThat(XtxProtocol.parse(atCap).callId()).contains("i_1");
        String overCap = "{\"call_cmd_id\":\"i_1\",\"x\":" + "[".repeat(XtxProtocol.MAX_DEPTH)
                + "]".repeat(XtxProtocol.MAX_DEPTH) + "}";
        assertThatThrownBy(() -> XtxProtocol.parse(overCap)).isInstanceOf(XtxProtocol.OverCap.class)
                .hasMessageContaining("nested too deep");
    }

    @Test
    void hugeNestingIsAProtocolErrorNotAStackOverflow() throws Exception {
        String deep = "[".repeat(500_000);
        // A small stack, as on a reader thread: the cap stops the parser long before the stack ends.
        java.util.concurrent.atomic.AtomicReference<Throwable> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                XtxProtocol.parse(deep);
            } catch (Throwable e) {
                seen.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertThat(seen.get()).isInstanceOf(XtxProtocol.OverCap.class);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> expectProtocol(ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
    }
}
