package io.keywatch.nativeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** native-config/ must only name classes, members and resources that exist. */
class NativeConfigTest {
    private static final Path NATIVE_CONFIG = Path.of("native-config");

    private static NativeMetadataChecker checker() {
        return new NativeMetadataChecker(NativeConfigTest.class.getClassLoader());
    }

    @Test
    void theShippedMetadataNamesOnlyThingsThatExist() {
        assertThat(NATIVE_CONFIG.resolve("reflect-config.json")).isRegularFile();
        NativeMetadataChecker c = checker();
        List<String> problems = c.checkDirectory(NATIVE_CONFIG);
        assertThat(problems).as("stale entries in native-config/").isEmpty();
        assertThat(c.checkedEntries()).as("entries checked").isGreaterThan(50);
    }

    @Test
    void aRenamedClassIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("reflect-config.json"), """
                [
                  {"name": "io.keywatch.bjca.com.ComValues"},
                  {"name": "io.keywatch.bjca.com.ComValuesRenamed", "allPublicMethods": true}
                ]
                """);
        assertThat(checker().checkDirectory(dir))
                .containsExactly("reflect-config.json: class io.keywatch.bjca.com.ComValuesRenamed does not exist");
    }

    @Test
    void missingMethodsFieldsAndWrongParameterTypesAreReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jni-config.json"), """
                [
                  {"name": "io.keywatch.bjca.com.ComValues",
                   "methods": [
                     {"name": "toBoolean", "parameterTypes": ["java.lang.String", "java.lang.Object"]},
                     {"name": "toBoolean", "parameterTypes": ["java.lang.String"]},
                     {"name": "toBool"},
                     {"name": "<init>", "parameterTypes": []},
                     {"name": "<init>", "parameterTypes": ["int"]}
                   ],
                   "fields": [{"name": "nope"}]},
                  {"name": "com.sun.jna.Pointer", "fields": [{"name": "peer"}]},
                  {"name": "java.lang.String[]"}
                ]
                """);
        assertThat(checker().checkDirectory(dir)).containsExactlyInAnyOrder(
                "jni-config.json: io.keywatch.bjca.com.ComValues has no method toBoolean(java.lang.String)",
                "jni-config.json: io.keywatch.bjca.com.ComValues has no method toBool",
                "jni-config.json: io.keywatch.bjca.com.ComValues has no method <init>(int)",
                "jni-config.json: io.keywatch.bjca.com.ComValues has no field nope");
    }

    @Test
    void missingResourcesBundlesAndProxyInterfacesAreReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("resource-config.json"), """
                {"resources": {"includes": [
                   {"pattern": "\\\\Qi18n/messages.properties\\\\E"},
                   {"pattern": "\\\\Qi18n/gone.properties\\\\E"},
                   {"pattern": "i18n/messages_.*\\\\.properties"},
                   {"pattern": "icons/.*\\\\.png"},
                   {"glob": "i18n/*.properties"}
                 ]},
                 "bundles": [{"name": "i18n.messages"}, {"name": "i18n.tray"}]}
                """);
        Files.writeString(dir.resolve("proxy-config.json"), """
                [{"interfaces": ["io.keywatch.core.XtxClient"]},
                 {"interfaces": ["io.keywatch.core.XtxClientGone"]},
                 {"interfaces": ["io.keywatch.core.KeyUser"]}]
                """);
        assertThat(checker().checkDirectory(dir)).containsExactlyInAnyOrder(
                "resource-config.json: resource i18n/gone.properties does not exist",
                "resource-config.json: no resource on the class path matches icons/.*\\.png",
                "resource-config.json: bundle i18n.tray does not exist (no i18n/tray.properties)",
                "proxy-config.json: interface io.keywatch.core.XtxClientGone does not exist",
                "proxy-config.json: io.keywatch.core.KeyUser is not an interface");
    }

    @Test
    void brokenJsonIsReportedWithTheFileName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("reflect-config.json"), "[{\"name\": ");
        assertThat(checker().checkDirectory(dir)).singleElement()
                .satisfies(p -> assertThat(p).startsWith("reflect-config.json: not valid JSON"));
    }

    @Test
    void globsAndLiteralPatterns() {
        assertThat(NativeMetadataChecker.literalOf("\\Qa/b.txt\\E")).isEqualTo("a/b.txt");
        assertThat(NativeMetadataChecker.literalOf("a/b")).isEqualTo("a/b");
        assertThat(NativeMetadataChecker.literalOf("a/.*")).isNull();
        assertThat("i18n/messages_zh.properties").matches(NativeMetadataChecker.globToRegex("i18n/*.properties"));
        assertThat("i18n/x/messages.properties").doesNotMatch(NativeMetadataChecker.globToRegex("i18n/*.properties"));
        assertThat("i18n/x/messages.properties").matches(NativeMetadataChecker.globToRegex("i18n/**.properties"));
    }
}
