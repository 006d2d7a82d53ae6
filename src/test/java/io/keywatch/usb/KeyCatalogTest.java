package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class KeyCatalogTest {
    private final KeyCatalog defaults = KeyCatalog.defaults();

    @Test
    void defaultsHoldEveryIdFromTheReferenceTable() {
        // Every VID:PID pair of reference/usb-keys.md.
        String table = "096E:0801 096E:0401 096E:0303 096E:0313 096E:0807 096E:080A 465A:1053 6588:1501 6588:1511 "
                + "6588:1506 6588:1513 6588:1509 6588:1514 2012:1020 055C:E618 055C:DB08 055C:E917 055C:E508 "
                + "055C:2205 055C:F603 5448:0001 5448:0003 5448:0004 1677:0024 1677:0025 1780:0010 10C4:82CD "
                + "22FB:1011 22FB:1014 22FB:1611 163C:0406 163C:0407 163C:0417 163C:0418";
        for (String pair : table.split(" ")) {
            int vid = Integer.parseInt(pair.substring(0, 4), 16);
            int pid = Integer.parseInt(pair.substring(5), 16);
            assertThat(defaults.matches(vid, pid, null)).as(pair).isTrue();
        }
        assertThat(defaults.rules()).hasSize(35); // 34 id pairs + Hengbao by product string
    }

    @Test
    void defaultsCarryVendorLabels() {
        assertThat(defaults.match(0x096E, 0x0303, null)).contains("Feitian 飞天诚信");
        assertThat(defaults.match(0x6588, 0x1514, null)).contains("Linguo 林果");
        assertThat(defaults.match(0x6588, 0x1501, null)).contains("Zhongfu 中孚");
    }

    @Test
    void defaultsMatchOnlyListedProductsSoGenericChipsAreIgnored() {
        // 10C4 is a general-purpose USB chip vendor: only the key's own PID counts.
        assertThat(defaults.matches(0x10C4, 0xEA60, null)).isFalse();
        assertThat(defaults.matches(0x046D, 0xC077, "USB Optical Mouse")).isFalse();
    }

    @Test
    void hengbaoIsMatchedByProductStringIgnoringCase() {
        assertThat(defaults.match(0x1234, 0x5678, "HengBao USB Key")).contains("Hengbao 恒宝");
        assertThat(defaults.matches(0x1234, 0x5678, "uranusafe key")).isTrue();
        assertThat(defaults.matches(0x1234, 0x5678, "UranuSafe")).isFalse();
        assertThat(defaults.matches(0x1234, 0x5678, "")).isFalse();
        assertThat(defaults.hasProductStringRules()).isTrue();
    }

    @Test
    void extraVendorWithoutProductMatchesEveryProduct() {
        KeyCatalog c = defaults.withExtra(List.of(new KeyCatalog.Entry("abcd", "", "Ward 5 keys")));
        assertThat(c.match(0xABCD, 0x0001, null)).contains("Ward 5 keys");
        assertThat(c.match(0xABCD, 0xFFFF, null)).contains("Ward 5 keys");
        assertThat(c.matches(0x096E, 0x0303, null)).as("defaults kept").isTrue();
        assertThat(defaults.matches(0xABCD, 0x0001, null)).as("defaults unchanged").isFalse();
    }

    @Test
    void extraWithProductMatchesOnlyThatProduct() {
        KeyCatalog c = defaults.withExtra(List.of(new KeyCatalog.Entry("0x10c4", "0XEA60", null)));
        assertThat(c.match(0x10C4, 0xEA60, null)).contains("configured 10C4");
        assertThat(c.matches(0x10C4, 0xEA61, null)).isFalse();
    }

    @Test
    void badVendorIdNamesTheEntryAndWhatIsAccepted() {
        assertThatThrownBy(() -> defaults.withExtra(List.of(
                new KeyCatalog.Entry("096E", "0303", "ok"),
                new KeyCatalog.Entry("96E", null, "Ward 3"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key catalog entry 2 (\"Ward 3\")")
                .hasMessageContaining("vendor id \"96E\"")
                .hasMessageContaining("4 hex digits")
                .hasMessageNotContaining("entry 1");
    }

    @Test
    void badProductIdAndMissingVendorAreReportedTogether() {
        assertThatThrownBy(() -> defaults.withExtra(List.of(
                new KeyCatalog.Entry("096E", "03G3", "typo"),
                new KeyCatalog.Entry(" ", "0303", ""))))
                .hasMessageContaining("key catalog entry 1 (\"typo\"): product id \"03G3\" is not 4 hex digits")
                .hasMessageContaining("or empty for every product")
                .hasMessageContaining("key catalog entry 2: vendor id is missing");
    }

    @Test
    void lenientFormSkipsBadEntriesAndKeepsGoodOnes() {
        List<String> problems = new ArrayList<>();
        KeyCatalog c = defaults.withExtra(Arrays.asList(
                new KeyCatalog.Entry("12345", null, "too long"),
                null,
                new KeyCatalog.Entry("BEEF", "0001", "good")), problems::add);
        assertThat(c.match(0xBEEF, 0x0001, null)).contains("good");
        assertThat(c.rules()).hasSize(defaults.rules().size() + 1);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("entry 1", "\"12345\"", "4 hex digits");
        assertThat(problems.get(1)).contains("entry 2", "empty entry");
    }

    @Test
    void configuredEntriesAsTheConfigurationReadsThem() {
        List<String> problems = new ArrayList<>();
        java.util.Map<String, Object> withTypo = new java.util.LinkedHashMap<>();
        withTypo.put("vid", "ABCD");
        withTypo.put("product", "0001");
        KeyCatalog c = defaults.withConfigured(List.of(
                java.util.Map.of("vid", "096E", "pid", "9999", "label", "Feitian new model"),
                java.util.Map.of("vid", 303, "label", "unquoted"),
                withTypo), problems::add);
        assertThat(c.match(0x096E, 0x9999, null)).contains("Feitian new model");
        assertThat(c.match(0xABCD, 0x0042, null)).as("typo'd pid field ignored: whole vendor").isPresent();
        assertThat(problems).containsExactly(
                "key catalog entry 2 (\"unquoted\"): vendor id \"303\" is not 4 hex digits such as 096E"
                        + " (an optional 0x prefix is allowed)",
                "key catalog entry 3: unknown field(s) product ignored; accepted fields: vid, pid, label");
    }

    @Test
    void problemsInChineseForANursingPc() {
        List<String> problems = new ArrayList<>();
        defaults.withConfigured(List.of(java.util.Map.of("vid", "96E", "label", "病区 Key")),
                io.keywatch.core.Messages.forLanguage("zh"), problems::add);
        assertThat(problems).containsExactly("Key 目录第 1 项（“病区 Key”）：厂商 ID“96E”不是 4 位十六进制数字，应如 096E（可带 0x 前缀）");
    }

    @Test
    void resourceFormatErrorsNameTheEntry() {
        assertThatThrownBy(() -> parse("{\"keys\":[{\"vendor\":\"x\",\"vid\":\"ZZZZ\"}]}"))
                .hasMessageContaining("test.json: keys[0]: vid \"ZZZZ\" is not 4 hex digits");
        assertThatThrownBy(() -> parse("{\"keys\":[{\"vid\":\"096E\",\"pids\":[\"1\"]}]}"))
                .hasMessageContaining("keys[0]: pid \"1\"");
        assertThatThrownBy(() -> parse("{\"keys\":[{\"vid\":\"096E\",\"pids\":\"0303\"}]}"))
                .hasMessageContaining("keys[0].pids: expected an array of strings");
        assertThatThrownBy(() -> parse("{\"nokeys\":1}")).hasMessageContaining("\"keys\" array");
        assertThatThrownBy(() -> parse("not json")).hasMessageContaining("test.json: not valid JSON");
        assertThatThrownBy(() -> parse("{\"keys\":[{\"vendor\":\"nothing to match\"}]}"))
                .hasMessageContaining("vendor id or a product string");
    }

    @Test
    void aMissingBuiltInResourceGivesAnEmptyCatalogNotACrash() {
        KeyCatalog c = KeyCatalog.load("/usb/no-such-catalog.json");
        assertThat(c.rules()).isEmpty();
        assertThat(c.matches(0x096E, 0x0303, "HengBao")).isFalse();
        assertThat(KeyCatalog.load(KeyCatalog.RESOURCE).rules()).hasSameSizeAs(defaults.rules());
    }

    @Test
    void resourceFormatVendorWithoutPidsMatchesAllProducts() throws Exception {
        KeyCatalog c = parse("{\"keys\":[{\"vendor\":\"All\",\"vid\":\"1111\"}]}");
        assertThat(c.match(0x1111, 0x4242, null)).contains("All");
    }

    private static KeyCatalog parse(String json) throws Exception {
        return KeyCatalog.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Property
    void everyFourHexDigitIdParses(@ForAll @IntRange(min = 0, max = 0xFFFF) int id, @ForAll boolean lower,
                                   @ForAll boolean prefix) {
        String hex = UsbId.hex4(id);
        String text = (prefix ? "0x" : "") + (lower ? hex.toLowerCase(Locale.ROOT) : hex);
        assertThat(KeyCatalog.parseHex4(text)).hasValue(id);
    }

    @Property
    void idsOfOtherLengthsAreRejected(@ForAll @IntRange(min = 0, max = 0xFFFFFF) int value,
                                      @ForAll @IntRange(min = 1, max = 6) int digits) {
        String text = String.format(Locale.ROOT, "%0" + digits + "X", value);
        if (text.length() != 4) {
            assertThat(KeyCatalog.parseHex4(text)).isEmpty();
        }
    }

    @Property
    void nonHexTextIsRejected(@ForAll @StringLength(4) String text) {
        if (!text.strip().matches("(?i)(0x)?[0-9a-f]{4}")) {
            assertThat(KeyCatalog.parseHex4(text)).isEmpty();
        }
    }
}
