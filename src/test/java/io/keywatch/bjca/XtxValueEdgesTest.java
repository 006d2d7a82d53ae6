package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link XtxValues} and {@link XtxProtocol} at the edges of their rules, with the texts they log and throw. */
class XtxValueEdgesTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger valuesLog = (Logger) LoggerFactory.getLogger(XtxValues.class);
    private Level before;

    @BeforeEach
    void listen() {
        log.start();
        valuesLog.addAppender(log);
        before = valuesLog.getLevel();
        valuesLog.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() {
        valuesLog.detachAppender(log);
        valuesLog.setLevel(before);
    }

    private List<String> logged(Level level) {
        return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void onlyAValueThatIsNeitherTrueNorFalseIsWarnedAbout() {
        XtxValues.toBoolean("SOF_IsLogin", Optional.of("false"));
        XtxValues.toBoolean("SOF_IsLogin", Optional.of(Boolean.FALSE));
        XtxValues.toBoolean("SOF_IsLogin", Optional.of("true"));
        assertThat(logged(Level.WARN)).isEmpty();
        assertThat(XtxValues.toBoolean("SOF_IsLogin", Optional.of("yes"))).isFalse();
        assertThat(logged(Level.WARN)).containsExactly("SOF_IsLogin returned 'yes', which BJCA's pages read as false;"
                + " accepted: true/false or \"true\"/\"false\"");
    }

    @Test
    void textAfterTheLastUserIsNotedAndAFullListIsNot() {
        assertThat(XtxValues.parseUserList("张三||UserKey/1&&&")).containsExactly(new KeyUser("张三", "UserKey/1"));
        assertThat(XtxValues.parseUserList("张三||UserKey/1&&& ")).hasSize(1);
        assertThat(logged(Level.DEBUG)).isEmpty();
        XtxValues.parseUserList("张三||UserKey/1&&&李四");
        assertThat(logged(Level.DEBUG)).containsExactly("SOF_GetUserList: text after the last &&& ignored, as BJCA's"
                + " pages do: '李四'");
        XtxValues.parseUserList("张三&&&");
        assertThat(logged(Level.WARN)).containsExactly("SOF_GetUserList entry '张三' has no ||; skipped (accepted: name||certID)");
    }

    @Test
    void wholeDoublesPrintAsIntegersBelowTenToTheTwentyOneOnly() throws XtxException {
        assertThat(XtxValues.toText("F", Optional.of(1e20))).isEqualTo("100000000000000000000");
        assertThat(XtxValues.toText("F", Optional.of(-1e20))).isEqualTo("-100000000000000000000");
        assertThat(XtxValues.toText("F", Optional.of(1e21))).isEqualTo("1.0E21");
        assertThat(XtxValues.toText("F", Optional.of(1.5))).isEqualTo("1.5");
        assertThat(XtxValues.toText("F", Optional.of(2.0f))).isEqualTo("2");
    }

    @Test
    void infinityKeepsItsSign() {
        assertThat(XtxValues.jsNumber("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(XtxValues.jsNumber("+Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(XtxValues.jsNumber("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(XtxValues.jsNumber("0x")).isNaN();
        assertThat(XtxValues.jsNumber("0x0")).isZero();
    }

    @Test
    void aRefusedValueIsNamedWithItsKind() {
        assertThatThrownBy(() -> XtxValues.toInt("GetDeviceCount", Optional.of(Map.of("n", 1))))
                .hasMessage("GetDeviceCount returned '{n=1}' (a JSON object); accepted: a number (JSON number or text"
                        + " JavaScript's Number() reads)");
        assertThatThrownBy(() -> XtxValues.toInt("GetDeviceCount", Optional.of(BigInteger.ONE.shiftLeft(40))))
                .hasMessage("GetDeviceCount returned '1099511627776' (biginteger); accepted: a whole number (JSON number"
                        + " or text JavaScript's Number() reads as one)");
        assertThatThrownBy(() -> XtxValues.toInt("GetDeviceCount", Optional.of(1L << 40)))
                .hasMessage("GetDeviceCount returned '1099511627776' (long); accepted: a whole number in the int range");
        assertThatThrownBy(() -> XtxValues.toText("SOF_GetVersion", Optional.of(Map.of())))
                .hasMessage("SOF_GetVersion returned '{}' (a JSON object); accepted: a string");
    }

    @Test
    void serialsOfNothingAreNone() {
        assertThat(XtxValues.parseDeviceSerials(null)).isEmpty();
        assertThat(XtxProtocol.parseDeviceSerials("A;B")).containsExactly("A", "B");
        assertThat(XtxProtocol.parseUserList("张三||UserKey/1&&&")).containsExactly(new KeyUser("张三", "UserKey/1"));
    }

    @Test
    void anEmptyTokenIsNoToken() throws XtxException {
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"retVal\":\"x\",\"token\":\"\"}").token()).isEmpty();
        assertThat(XtxProtocol.parse("{\"call_cmd_id\":\"i_1\",\"retVal\":\"x\",\"token\":\"T\"}").token()).contains("T");
    }

    @Test
    void aQuoteOfExactlyTheLimitIsWholeAndOneMoreIsCut() {
        String atLimit = "a".repeat(XtxProtocol.QUOTE_LIMIT);
        assertThat(XtxProtocol.quote(atLimit)).isEqualTo("'" + atLimit + "'");
        assertThat(XtxProtocol.quote(atLimit + "b")).isEqualTo("'" + atLimit + "…' (" + (XtxProtocol.QUOTE_LIMIT + 1)
                + " characters)");
    }
}
