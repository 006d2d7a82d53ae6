package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each typed reader of {@link ConfigLoader} at the edge between accepted and refused: the exact message
 * (file, key, value, what is accepted, what is used instead) and the value that stays in force.
 */
class ConfigValueEdgesTest {
    private final ConfigLoader loader = new ConfigLoader(Messages.forLanguage("en"));

    private ConfigLoader.Result load(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return loader.merge(List.of(new ConfigLoader.Layer("it.json", values)), List.of());
    }

    @Test
    void allowRemoteThatIsNotABooleanIsRefusedAndARemoteUrlBesideItStaysRefused() {
        ConfigLoader.Result r = load("bjca.allowRemote", "yes", "bjca.url", "ws://10.1.2.3:21051/xtxapp/");
        assertThat(r.config().bjcaAllowRemote()).isFalse();
        assertThat(r.config().bjcaUrl()).isEqualTo(KeyWatchConfig.DEFAULT_URL);
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).isEqualTo("Configuration file it.json: \"bjca.allowRemote\" = yes is not"
                + " accepted (accepted: true | false); using false.");
        assertThat(r.config().sourceOf("bjca.allowRemote")).as("a refused value is not credited to its file")
                .isEqualTo("default");
    }

    @Test
    void aServiceUrlOfAnotherSchemeOrWithoutHostIsRefusedAndTheDefaultStays() {
        ConfigLoader.Result scheme = load("bjca.url", "http://127.0.0.1:21051/xtxapp/");
        assertThat(scheme.config().bjcaUrl()).isEqualTo(KeyWatchConfig.DEFAULT_URL);
        assertThat(scheme.problems()).containsExactly("Configuration file it.json: \"bjca.url\" ="
                + " http://127.0.0.1:21051/xtxapp/ is not accepted (accepted: a URL with scheme ws, wss and a host);"
                + " using " + KeyWatchConfig.DEFAULT_URL + ".");

        ConfigLoader.Result noHost = load("bjca.url", "ws:/xtxapp/");
        assertThat(noHost.config().bjcaUrl()).isEqualTo(KeyWatchConfig.DEFAULT_URL);
        assertThat(noHost.problems()).singleElement().satisfies(p -> assertThat(p).contains("ws:/xtxapp/", "ws, wss"));

        ConfigLoader.Result noScheme = load("bjca.url", "//127.0.0.1:21051/");
        assertThat(noScheme.config().bjcaUrl()).isEqualTo(KeyWatchConfig.DEFAULT_URL);
        assertThat(noScheme.problems()).hasSize(1);
    }

    @Test
    void aServiceUrlThatIsNotAUriIsRefusedAndTheDefaultStays() {
        ConfigLoader.Result r = load("bjca.url", "ws://127.0.0.1:21051/xtx app/");
        assertThat(r.config().bjcaUrl()).isEqualTo(KeyWatchConfig.DEFAULT_URL);
        assertThat(r.problems()).containsExactly("Configuration file it.json: \"bjca.url\" ="
                + " ws://127.0.0.1:21051/xtx app/ is not accepted (accepted: a URL with scheme ws, wss and a host);"
                + " using " + KeyWatchConfig.DEFAULT_URL + ".");
    }

    @Test
    void aRefusedSynctlUrlFallsBackToNoneAndSaysSo() {
        ConfigLoader.Result r = load("bjca.synctlUrl", "ws://127.0.0.1:21061/");
        assertThat(r.config().bjcaSynctlUrl()).isEmpty();
        assertThat(r.problems()).containsExactly("Configuration file it.json: \"bjca.synctlUrl\" ="
                + " ws://127.0.0.1:21061/ is not accepted (accepted: a URL with scheme http, https and a host);"
                + " using nothing (not set).");

        ConfigLoader.Result ok = load("bjca.synctlUrl", "HTTPS://127.0.0.1:21061/");
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.config().bjcaSynctlUrl()).contains(URI.create("HTTPS://127.0.0.1:21061/"));
    }

    @Test
    void aPathThatTheFileSystemCannotNameIsRefused() {
        ConfigLoader.Result r = load("softkeyDb.path", "/var/lib/a\u0000b.db", "dataDir", "/srv/keywatch");
        assertThat(r.config().softkeyDbPath()).isEmpty();
        assertThat(r.config().dataDir()).contains(Path.of("/srv/keywatch"));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("Configuration file it.json: \"softkeyDb.path\" = /var/lib/a")
                .endsWith("is not accepted (accepted: a file system path); using nothing (not set)."));
    }

    @Test
    void aCommandWithABlankOrNonTextPartIsRefusedWhole() {
        ConfigLoader.Result blank = load("nursingApp.command", List.of("nurse.exe", " "));
        assertThat(blank.config().nursingAppCommand()).isEmpty();
        assertThat(blank.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("\"nursingApp.command\" = [nurse.exe,  ]", "a non-empty array of program and arguments"));

        ConfigLoader.Result number = load("bjca.assistantCommand", List.of("assistant.exe", 3));
        assertThat(number.config().assistantCommand()).isEmpty();
        assertThat(number.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("\"bjca.assistantCommand\" = [assistant.exe, 3]"));

        ConfigLoader.Result empty = load("nursingApp.command", List.of());
        assertThat(empty.problems()).singleElement().satisfies(p -> assertThat(p).contains("\"nursingApp.command\" = []"));

        ConfigLoader.Result good = load("bjca.assistantCommand", List.of("assistant.exe", "--quiet"));
        assertThat(good.problems()).isEmpty();
        assertThat(good.config().assistantCommand()).containsExactly("assistant.exe", "--quiet");
    }

    @Test
    void folderListsWithANonTextItemAreRefusedAndTheDefaultsStay() {
        ConfigLoader.Result r = load("image.profileRoots", List.of("/home", 7), "image.profiles", List.of(" "));
        assertThat(r.config().imageProfileRoots()).isEqualTo(KeyWatchConfig.DEFAULT_PROFILE_ROOTS);
        assertThat(r.config().imageProfiles()).isEqualTo(KeyWatchConfig.DEFAULT_PROFILES);
        assertThat(r.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("an array of absolute folder paths"));
        assertThat(r.problems().get(0)).contains("\"image.profileRoots\" = [/home, 7]");

        ConfigLoader.Result text = load("image.profiles", "/home/nurse");
        assertThat(text.config().imageProfiles()).isEqualTo(KeyWatchConfig.DEFAULT_PROFILES);
        assertThat(text.problems()).hasSize(1);

        ConfigLoader.Result trimmed = load("image.profiles", List.of(" /home/nurse "));
        assertThat(trimmed.problems()).isEmpty();
        assertThat(trimmed.config().imageProfiles()).containsExactly(Path.of("/home/nurse"));
    }

    @Test
    void aCatalogThatIsNotAListOfObjectsIsRefusedAndAddsNoKeys() {
        Map<String, Object> key = Map.of("vid", "096E", "pid", "0303", "label", "Feitian");
        ConfigLoader.Result mixed = load("keys.catalog", List.of(key, 1));
        assertThat(mixed.config().extraKeys()).isEmpty();
        assertThat(mixed.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("\"keys.catalog\"", "an array of objects like").endsWith("using nothing (not set)."));

        ConfigLoader.Result text = load("keys.catalog", "096E:0303");
        assertThat(text.config().extraKeys()).isEmpty();
        assertThat(text.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("\"keys.catalog\" = 096E:0303", "an array of objects like"));

        ConfigLoader.Result good = load("keys.catalog", List.of(key));
        assertThat(good.problems()).isEmpty();
        assertThat(good.config().extraKeys()).containsExactly(key);
    }

    @Test
    void anOriginMustBeHttpOrHttpsWithAHostAndNothingAfterIt() {
        for (String accepted : List.of("http://localhost", "http://127.0.0.1:8080", "HTTPS://his.example", "https://h:1")) {
            ConfigLoader.Result r = load("bjca.origin", accepted);
            assertThat(r.problems()).as(accepted).isEmpty();
            assertThat(r.config().bjcaOrigin()).as(accepted).contains(accepted);
        }
        for (String refused : List.of("ftp://his.example", "ws://his.example", "his.example", "http:his.example",
                "https://h/", "https://h/p", "https://h?q=1", "https://h#f", "https://u@h", "https://h:x y")) {
            ConfigLoader.Result r = load("bjca.origin", refused);
            assertThat(r.config().bjcaOrigin()).as(refused).isEmpty();
            assertThat(r.problems()).as(refused).containsExactly("Configuration file it.json: \"bjca.origin\" = "
                    + refused + " is not accepted (accepted: http:// or https:// with a host and an optional port,"
                    + " nothing after it, e.g. https://localhost); using the caller URL's scheme, host and port.");
        }
    }

    @Test
    void textValuesAreTrimmedAndBlankOnesRefused() {
        ConfigLoader.Result r = load("log.syslog.host", "  syslog.local ");
        assertThat(r.config().syslogHost()).contains("syslog.local");

        ConfigLoader.Result blank = load("log.syslog.host", "  ");
        assertThat(blank.config().syslogHost()).isEmpty();
        assertThat(blank.problems()).containsExactly("Configuration file it.json: \"log.syslog.host\" =    is not"
                + " accepted (accepted: a non-empty text); using nothing (not set).");
    }
}
