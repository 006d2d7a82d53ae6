package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Values read as BJCA's page scripts read them (reference/bjca-scripts.md). */
class XtxValuesTest {

    @Test
    void onlyTheStringTrueOrJsonTrueIsTrueAndNoValueIsFalse() {
        assertThat(XtxValues.toBoolean("F", Optional.of("true"))).isTrue();
        assertThat(XtxValues.toBoolean("F", Optional.of(Boolean.TRUE))).isTrue();
        for (Object notTrue : List.of("TRUE", " true", "True", "1", 1, "false", Boolean.FALSE, "", Map.of("a", 1))) {
            assertThat(XtxValues.toBoolean("F", Optional.of(notTrue))).as("%s", notTrue).isFalse();
        }
        assertThat(XtxValues.toBoolean("F", Optional.empty())).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"12|12", "' 12 '|12", "'+7'|7", "-3|-3", "0x1A|26", "0X1a|26", "0o17|15",
            "0b101|5", "''|0", "'   '|0", "3.0|3", "1e3|1000", "'\u3000 5\u00A0'|5", "2147483647|2147483647",
            "-2147483648|-2147483648", ".0|0", "5.|5"})
    void numbersAsJavaScriptsNumberReadsThem(String text, int expected) throws XtxException {
        assertThat(XtxValues.toInt("GetDeviceCount", Optional.of(text))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"two", "1.5", "0x", "-0x1", "1_000", "12px", "NaN", "Infinity", "-Infinity", "2147483648",
            "-2147483649", "1d", "0x1p3", "++1"})
    void numbersJavaScriptReadsAsNaNOrNotWholeAreProtocol(String text) {
        assertThatThrownBy(() -> XtxValues.toInt("GetDeviceCount", Optional.of(text)))
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(XtxException.Kind.PROTOCOL))
                .hasMessageContaining("GetDeviceCount").hasMessageContaining("whole number");
    }

    @Test
    void typedNumbersAndTheScriptsDefaults() throws XtxException {
        assertThat(XtxValues.toInt("F", Optional.of(12))).isEqualTo(12);
        assertThat(XtxValues.toInt("F", Optional.of(12L))).isEqualTo(12);
        assertThat(XtxValues.toInt("F", Optional.of(12.0))).isEqualTo(12);
        assertThat(XtxValues.toInt("F", Optional.of(true))).isEqualTo(1);
        assertThat(XtxValues.toInt("F", Optional.empty())).as("the scripts' default").isEqualTo(-1);
        assertThatThrownBy(() -> XtxValues.toInt("F", Optional.of(1L << 40))).isInstanceOf(XtxException.class);
        assertThatThrownBy(() -> XtxValues.toInt("F", Optional.of(1.5))).hasMessageContaining("1.5");
        assertThatThrownBy(() -> XtxValues.toInt("F", Optional.of(List.of()))).hasMessageContaining("a JSON array");
    }

    @Test
    void textAsItCameAndEmptyWithoutValue() throws XtxException {
        assertThat(XtxValues.toText("F", Optional.of("v"))).isEqualTo("v");
        assertThat(XtxValues.toText("F", Optional.of(3))).isEqualTo("3");
        assertThat(XtxValues.toText("F", Optional.of(3.0))).as("JavaScript prints 3.0 as 3").isEqualTo("3");
        assertThat(XtxValues.toText("F", Optional.of(false))).isEqualTo("false");
        assertThat(XtxValues.toText("F", Optional.empty())).isEmpty();
        assertThatThrownBy(() -> XtxValues.toText("SOF_GetVersion", Optional.of(List.of("x"))))
                .hasMessageContaining("a JSON array").hasMessageContaining("SOF_GetVersion");
    }

    @Test
    void userListIsCutAsTheScriptsCutIt() {
        assertThat(XtxValues.parseUserList("张三||UserKey/5303201812001784&&&李四||UserKey/9&&&"))
                .containsExactly(new KeyUser("张三", "UserKey/5303201812001784"), new KeyUser("李四", "UserKey/9"));
        assertThat(XtxValues.parseUserList("张三||UserKey/1&&&UNFINISHED")).as("text after the last &&& ignored")
                .containsExactly(new KeyUser("张三", "UserKey/1"));
        assertThat(XtxValues.parseUserList("张三||UserKey/1&&&李四||UserKey/2")).containsExactly(new KeyUser("张三", "UserKey/1"));
        assertThat(XtxValues.parseUserList("张三||UserKey/1")).as("no &&&: the scripts list nobody").isEmpty();
        assertThat(XtxValues.parseUserList("&&&张三||UserKey/1&&&")).as("the scripts stop at a leading &&&").isEmpty();
        assertThat(XtxValues.parseUserList("张三&&&李四||UserKey/2&&&")).as("an entry without || is skipped")
                .containsExactly(new KeyUser("李四", "UserKey/2"));
        assertThat(XtxValues.parseUserList("||UserKey/1&&&")).containsExactly(new KeyUser("", "UserKey/1"));
        assertThat(XtxValues.parseUserList("")).isEmpty();
        assertThat(XtxValues.parseUserList(null)).isEmpty();
    }

    @Test
    void parsesDeviceSerials() {
        assertThat(XtxValues.parseDeviceSerials("A1;B2;")).containsExactly("A1", "B2");
        assertThat(XtxValues.parseDeviceSerials("A1;B2")).containsExactly("A1", "B2");
        assertThat(XtxValues.parseDeviceSerials(" ; A1 ;;")).containsExactly("A1");
        assertThat(XtxValues.parseDeviceSerials("")).isEmpty();
    }
}
