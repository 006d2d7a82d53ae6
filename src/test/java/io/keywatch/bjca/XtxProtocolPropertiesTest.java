package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the reply parsers: total on any input, and faithful on well-formed input. */
class XtxProtocolPropertiesTest {

    @Property
    void parseNeverFailsWithAnythingButProtocol(@ForAll String anything) {
        try {
            XtxProtocol.parse(anything);
        } catch (XtxException e) {
            assertThat(e.kind()).isEqualTo(XtxException.Kind.PROTOCOL);
            assertThat(e.getMessage()).contains("accepted");
        }
    }

    @Property
    void userListParserIsTotal(@ForAll("userListLike") String anything) {
        try {
            XtxProtocol.parseUserList(anything);
        } catch (XtxException e) {
            assertThat(e.kind()).isEqualTo(XtxException.Kind.PROTOCOL);
            assertThat(e.getMessage()).contains("name||certID");
        }
    }

    @Property
    void userListRoundTrips(@ForAll("users") List<KeyUser> users, @ForAll boolean trailingSeparator,
                            @ForAll @IntRange(max = 2) int blankEntries) throws XtxException {
        String text = users.stream().map(u -> u.name() + "||" + u.certId()).collect(Collectors.joining("&&&"))
                + (trailingSeparator ? "&&&" : "") + " &&&".repeat(blankEntries);
        assertThat(XtxProtocol.parseUserList(text)).isEqualTo(users);
    }

    @Property
    void deviceSerialsRoundTrip(@ForAll("serials") List<String> serials, @ForAll boolean trailingSeparator) {
        String text = String.join(";", serials) + (trailingSeparator && !serials.isEmpty() ? ";" : "");
        assertThat(XtxProtocol.parseDeviceSerials(text)).isEqualTo(serials);
    }

    @Property
    void booleansInEveryStyleAndSpelling(@ForAll boolean value, @ForAll boolean asString, @ForAll boolean retVal)
            throws Exception {
        String json = JSON.std.asString(Map.of("call_cmd_id", "i_9", retVal ? "retVal" : "retValue",
                asString ? String.valueOf(value) : value));
        XtxProtocol.Message message = XtxProtocol.parse(json);
        assertThat(XtxProtocol.toBoolean("CheckSoftDeviceEnv", message.valueFor("CheckSoftDeviceEnv"))).isEqualTo(value);
        assertThat(message.callId()).contains("i_9");
    }

    @Property
    void numbersInEveryStyleAndSpelling(@ForAll int value, @ForAll boolean asString, @ForAll boolean retVal)
            throws Exception {
        String json = JSON.std.asString(Map.of("call_cmd_id", "i_3", retVal ? "retVal" : "retValue",
                asString ? String.valueOf(value) : value));
        assertThat(XtxProtocol.toInt("GetDeviceCount", XtxProtocol.parse(json).valueFor("GetDeviceCount")))
                .isEqualTo(value);
    }

    @Property
    void textSurvivesTheRoundTrip(@ForAll String text) throws Exception {
        String json = JSON.std.asString(Map.of("call_cmd_id", "i_1", "retValue", text));
        assertThat(XtxProtocol.toText("SOF_GetVersion", XtxProtocol.parse(json).valueFor("SOF_GetVersion")))
                .isEqualTo(text);
    }

    @Provide
    Arbitrary<String> userListLike() {
        return Arbitraries.strings().withChars("ab张 |&/;").ofMaxLength(40);
    }

    @Provide
    Arbitrary<List<KeyUser>> users() {
        Arbitrary<String> name = Arbitraries.strings().withChars("张三李四abcXYZ_-.").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> cert = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(16).map(s -> "UserKey/" + s);
        return Combinators.combine(name, cert).as(KeyUser::new).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<String>> serials() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20).list().ofMaxSize(6);
    }
}
