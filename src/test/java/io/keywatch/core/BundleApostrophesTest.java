package io.keywatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Messages#get} sends every pattern through MessageFormat, arguments or not, so a lone
 * apostrophe in a word ({@code URL's}) silently vanishes and quotes the rest of the text: write {@code ''}.
 */
class BundleApostrophesTest {
    private static final Pattern WORD_APOSTROPHE = Pattern.compile("\\p{L}'\\p{L}");

    @ParameterizedTest
    @ValueSource(strings = {"/i18n/messages.properties", "/i18n/messages_zh.properties"})
    void noPatternHasALoneApostropheInsideAWord(String bundle) throws IOException {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(BundleApostrophesTest.class.getResourceAsStream(bundle),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<String> bad = new ArrayList<>();
        p.forEach((k, v) -> {
            if (WORD_APOSTROPHE.matcher(((String) v).replace("''", "")).find()) {
                bad.add(k + "=" + v);
            }
        });
        assertThat(bad).as("patterns that would lose an apostrophe in %s", bundle).isEmpty();
        assertThat(p).as("the bundle was read").hasSizeGreaterThan(10);
    }
}
