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
    void userListParserIsTotalAndNeverInventsEntries(@ForAll("userListLike") String anything) {
        List<KeyUser> users = XtxValues.parseUserList(anything);
        assertThat(users.size()).isLessThanOrEqualTo(anything.split("&&&", -1).length);
    }

    @Property
    void userListRoundTripsAndIgnoresWhatFollowsTheLastSeparator(@ForAll("users") List<KeyUser> users,
            @ForAll("tail") String tail, @ForAll @IntRange(max = 2) int entriesWithoutName) {
        String text = users.stream().map(u -> u.name() + "||" + u.certId() + "&&&").collect(Collectors.joining())
                + " &&&".repeat(entriesWithoutName) + tail;
        assertThat(XtxValues.parseUserList(text)).isEqualTo(users);
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
        assertThat(XtxValues.toBoolean("CheckSoftDeviceEnv", message.valueFor("CheckSoftDeviceEnv"))).isEqualTo(value);
        assertThat(message.callId()).contains("i_9");
    }

    @Property
    void numbersInEveryStyleAndSpelling(@ForAll int value, @ForAll boolean asString, @ForAll boolean retVal)
            throws Exception {
        String json = JSON.std.asString(Map.of("call_cmd_id", "i_3", retVal ? "retVal" : "retValue",
                asString ? String.valueOf(value) : value));
        assertThat(XtxValues.toInt("GetDeviceCount", XtxProtocol.parse(json).valueFor("GetDeviceCount")))
                .isEqualTo(value);
    }

    @Property
    void textSurvivesTheRoundTrip(@ForAll String text) throws Exception {
        String json = JSON.std.asString(Map.of("call_cmd_id", "i_1", "retValue", text));
        assertThat(XtxValues.toText("SOF_GetVersion", XtxProtocol.parse(json).valueFor("SOF_GetVersion")))
                .isEqualTo(text);
    }

    @Property
    void numbersAsJavaScriptReadsThemWithSpacesSignsAndHex(@ForAll int value, @ForAll boolean hex) throws Exception {
        String text = hex && value >= 0 ? " 0x" + Integer.toHexString(value) + "\n" : "\t" + (value >= 0 ? "+" : "") + value + " ";
        assertThat(XtxValues.toInt("GetDeviceCount", java.util.Optional.of(text))).isEqualTo(value);
    }

    @Property
    void onlyTrueIsTrue(@ForAll String anything) {
        assertThat(XtxValues.toBoolean("CheckSoftDeviceEnv", java.util.Optional.of(anything)))
                .isEqualTo(anything.equals("true"));
    }

    @Provide
    Arbitrary<String> tail() {
        return Arbitraries.strings().withChars("ab张 |/&;").ofMaxLength(12).filter(t -> !t.contains("&&&"));
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
