package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.KeyUser;
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
                .containsEntry("param", List.of());
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

    @Test
    void convertsBooleansNumbersAndText() throws Exception {
        assertThat(XtxProtocol.toBoolean("F", "true")).isTrue();
        assertThat(XtxProtocol.toBoolean("F", " FALSE ")).isFalse();
        assertThat(XtxProtocol.toBoolean("F", Boolean.TRUE)).isTrue();
        assertThat(XtxProtocol.toInt("F", "12")).isEqualTo(12);
        assertThat(XtxProtocol.toInt("F", 12)).isEqualTo(12);
        assertThat(XtxProtocol.toInt("F", 12L)).isEqualTo(12);
        assertThat(XtxProtocol.toInt("F", 12.0)).isEqualTo(12);
        assertThat(XtxProtocol.toText("F", "v")).isEqualTo("v");
        assertThat(XtxProtocol.toText("F", 3)).isEqualTo("3");
    }

    @Test
    void wrongTypesAreProtocolErrorsNamingFunctionValueAndWhatIsAccepted() {
        expectProtocol(() -> XtxProtocol.toBoolean("CheckSoftDeviceEnv", "1"))
                .hasMessageContaining("CheckSoftDeviceEnv").hasMessageContaining("'1'").hasMessageContaining("true/false");
        expectProtocol(() -> XtxProtocol.toBoolean("CheckSoftDeviceEnv", null)).hasMessageContaining("null");
        expectProtocol(() -> XtxProtocol.toBoolean("CheckSoftDeviceEnv", Map.of("a", 1)))
                .hasMessageContaining("a JSON object");
        expectProtocol(() -> XtxProtocol.toInt("GetDeviceCount", "two")).hasMessageContaining("whole number");
        expectProtocol(() -> XtxProtocol.toInt("GetDeviceCount", 1.5)).hasMessageContaining("1.5");
        expectProtocol(() -> XtxProtocol.toInt("GetDeviceCount", 1L << 40));
        expectProtocol(() -> XtxProtocol.toText("SOF_GetVersion", List.of("x"))).hasMessageContaining("a JSON array");
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
        expectProtocol(() -> XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"token\":\"S3CRET\\\"x\",\"Set-Cookie\":\"sid=abc\"}")
                .valueFor("SOF_GetVersion"))
                .hasMessageContaining("\"token\":\"***\"")
                .hasMessageContaining("\"Set-Cookie\":\"***\"")
                .hasMessageNotContaining("S3CRET")
                .hasMessageNotContaining("sid=abc");
    }

    @Test
    void replyWithoutValueOrWithErrorIsProtocol() throws Exception {
        expectProtocol(() -> XtxProtocol.parse("{\"call_cmd_id\":\"i_1\"}").valueFor("SOF_GetVersion"))
                .hasMessageContaining("SOF_GetVersion").hasMessageContaining("retValue").hasMessageContaining("retVal");
        expectProtocol(() -> XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"retValue\":null}").valueFor("X"))
                .hasMessageContaining("no value");
        expectProtocol(() -> XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"error\":\"unknown function: Foo\"}")
                .valueFor("Foo")).hasMessageContaining("unknown function: Foo");
    }

    @Test
    void parsesUserLists() throws Exception {
        assertThat(XtxProtocol.parseUserList("张三||UserKey/5303201812001784&&&李四||UserKey/9&&&"))
                .containsExactly(new KeyUser("张三", "UserKey/5303201812001784"), new KeyUser("李四", "UserKey/9"));
        assertThat(XtxProtocol.parseUserList("张三||UserKey/1")).containsExactly(new KeyUser("张三", "UserKey/1"));
        assertThat(XtxProtocol.parseUserList("张三||UserKey/1&&")).containsExactly(new KeyUser("张三", "UserKey/1"));
        assertThat(XtxProtocol.parseUserList(" &&& 张三 || UserKey/1 &&&&&&")).containsExactly(new KeyUser("张三", "UserKey/1"));
        assertThat(XtxProtocol.parseUserList("")).isEmpty();
        assertThat(XtxProtocol.parseUserList(null)).isEmpty();
    }

    @Test
    void userListEntriesWithoutBothPartsAreProtocol() {
        expectProtocol(() -> XtxProtocol.parseUserList("张三&&&")).hasMessageContaining("'张三'")
                .hasMessageContaining("name||certID");
        expectProtocol(() -> XtxProtocol.parseUserList("||UserKey/1&&&"));
        expectProtocol(() -> XtxProtocol.parseUserList("张三||&&&"));
    }

    @Test
    void parsesDeviceSerials() {
        assertThat(XtxProtocol.parseDeviceSerials("A1;B2;")).containsExactly("A1", "B2");
        assertThat(XtxProtocol.parseDeviceSerials("A1;B2")).containsExactly("A1", "B2");
        assertThat(XtxProtocol.parseDeviceSerials(" ; A1 ;;")).containsExactly("A1");
        assertThat(XtxProtocol.parseDeviceSerials("")).isEmpty();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> expectProtocol(ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
    }
}
