package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.OaIdl;
import com.sun.jna.platform.win32.Variant;
import com.sun.jna.platform.win32.WTypes;
import com.sun.jna.platform.win32.WinDef;
import io.keywatch.core.XtxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComValuesTest {

    @Test
    void variantBoolIsABoolean() throws Exception {
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", new Variant.VARIANT(true))).isTrue();
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", new Variant.VARIANT(false))).isFalse();
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", new OaIdl.VARIANT_BOOL(true))).isTrue();
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", new WinDef.BOOL(false))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " true ", "1", "-1"})
    void trueStrings(String s) throws Exception {
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "0", "\tfalse\n"})
    void falseStrings(String s) throws Exception {
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", s)).isFalse();
    }

    @Test
    void bstrCarryingTrueIsTrue() throws Exception {
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", new WTypes.BSTR("true"))).isTrue();
        assertThat(ComValues.toText("SOF_GetVersion", new WTypes.BSTR("3.2.1.0"))).isEqualTo("3.2.1.0");
    }

    @Test
    void numbersAreBooleansTheComWay() throws Exception {
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", new Variant.VARIANT(0))).isFalse();
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", new Variant.VARIANT(1))).isTrue();
        assertThat(ComValues.toBoolean("CheckSoftDeviceEnv", (short) -1)).isTrue();
    }

    @Test
    void garbageIsAProtocolErrorNamingFunctionAndValue() {
        assertThatThrownBy(() -> ComValues.toBoolean("CheckSoftDeviceEnv", "yes please"))
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(XtxException.Kind.PROTOCOL))
                .hasMessageContaining("CheckSoftDeviceEnv")
                .hasMessageContaining("'yes please'")
                .hasMessageContaining("\"true\"/\"false\"");
        assertThatThrownBy(() -> ComValues.toBoolean("CheckSoftDeviceEnv", new Variant.VARIANT()))
                .isInstanceOf(XtxException.class)
                .hasMessageContaining("VARIANT type 0");
        assertThatThrownBy(() -> ComValues.toBoolean("CheckSoftDeviceEnv", null))
                .isInstanceOf(XtxException.class)
                .hasMessageContaining("nothing");
    }

    @Test
    void integralVariantsAndNumericStringsAreInts() throws Exception {
        assertThat(ComValues.toInt("GetDeviceCount", new Variant.VARIANT(2))).isEqualTo(2);
        assertThat(ComValues.toInt("GetDeviceCount", new Variant.VARIANT((short) 3))).isEqualTo(3);
        assertThat(ComValues.toInt("GetDeviceCount", new WinDef.LONG(4))).isEqualTo(4);
        assertThat(ComValues.toInt("GetDeviceCount", new WinDef.UINT(5))).isEqualTo(5);
        assertThat(ComValues.toInt("GetDeviceCount", " 6 ")).isEqualTo(6);
        assertThat(ComValues.toInt("GetDeviceCount", 7.0d)).isEqualTo(7);
    }

    @Test
    void nonIntegralOrTextualCountsAreRejected() {
        assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", "two")).isInstanceOf(XtxException.class)
                .hasMessageContaining("GetDeviceCount").hasMessageContaining("whole number");
        assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", 1.5d)).isInstanceOf(XtxException.class);
        assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", 1e12)).isInstanceOf(XtxException.class);
        assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", true)).isInstanceOf(XtxException.class);
        assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", new Variant.VARIANT())).isInstanceOf(XtxException.class);
    }

    @Test
    void textAcceptsEmptyVariantAsEmptyString() throws Exception {
        assertThat(ComValues.toText("SOF_GetUserList", new Variant.VARIANT())).isEmpty();
        assertThat(ComValues.toText("SOF_GetUserList", null)).isEmpty();
        assertThat(ComValues.toText("GetDeviceInfo", new Variant.VARIANT(12))).isEqualTo("12");
        assertThat(ComValues.toText("GetDeviceInfo", "HARD")).isEqualTo("HARD");
    }

    @Test
    void textRejectsObjects() {
        assertThatThrownBy(() -> ComValues.toText("SOF_GetUserList", new Object()))
                .isInstanceOf(XtxException.class).hasMessageContaining("SOF_GetUserList").hasMessageContaining("BSTR");
    }

    @Test
    void longMessagesAreAbbreviated() {
        String huge = "x".repeat(500);
        assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", huge))
                .hasMessageContaining("...").message().hasSizeLessThan(200);
    }
}
