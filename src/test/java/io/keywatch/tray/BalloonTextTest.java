package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BalloonTextTest {

    @Test
    void shortTextIsUnchangedApartFromOuterWhitespace() {
        assertThat(BalloonText.fit("  证书环境正常  ", 63)).isEqualTo("证书环境正常");
        assertThat(BalloonText.fit("x".repeat(63), 63)).hasSize(63).doesNotContain("…");
    }

    @Test
    void longTextIsCutToTheLimitAndEndsWithAnEllipsis() {
        String fitted = BalloonText.fit("证".repeat(300), BalloonText.TEXT_MAX);
        assertThat(fitted).hasSize(BalloonText.TEXT_MAX).endsWith("…");
        assertThat(BalloonText.title("a".repeat(64))).hasSize(63).endsWith("…");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String name = "𠀀"; // a CJK Extension B character: two UTF-16 units
        String text = "a".repeat(61) + name + "tail";
        String fitted = BalloonText.fit(text, 63);
        assertThat(fitted.length()).isLessThanOrEqualTo(63);
        assertThat(fitted).isEqualTo("a".repeat(61) + "…");
        assertThat(Character.isHighSurrogate(fitted.charAt(fitted.length() - 2))).isFalse();
    }

    @Test
    void tooltipIsOneLine() {
        assertThat(BalloonText.tooltip("KeyWatch:\n证书环境正常\r\n张三")).isEqualTo("KeyWatch: 证书环境正常 张三");
        assertThat(BalloonText.tooltip("x".repeat(500))).hasSize(BalloonText.TOOLTIP_MAX);
    }

    @Test
    void nullBecomesEmptyAndANonsenseLimitIsRefused() {
        assertThat(BalloonText.fit(null, 10)).isEmpty();
        assertThatThrownBy(() -> BalloonText.fit("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void balloonRecordFitsWhateverItIsGiven() {
        Balloon b = new Balloon(Balloon.Kind.ERROR, "标题".repeat(100), "正文".repeat(500));
        assertThat(b.title()).hasSize(BalloonText.TITLE_MAX);
        assertThat(b.text()).hasSize(BalloonText.TEXT_MAX);
    }

    @Property
    void fittedTextIsNeverLongerThanTheLimitAndKeepsWholeCharacters(@ForAll String text,
                                                                    @ForAll @IntRange(min = 2, max = 300) int max) {
        String fitted = BalloonText.fit(text, max);
        assertThat(fitted.length()).isLessThanOrEqualTo(max);
        if (!fitted.isEmpty()) {
            char last = fitted.charAt(fitted.length() - 1);
            assertThat(Character.isHighSurrogate(last)).isFalse();
        }
        if (text.strip().length() <= max) {
            assertThat(fitted).isEqualTo(text.strip());
        }
    }
}
