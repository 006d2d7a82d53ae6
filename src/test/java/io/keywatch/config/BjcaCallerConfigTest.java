package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code bjca.callerUrl}, {@code bjca.origin}, {@code bjca.trustFile}: validated, passed into BjcaSettings. */
class BjcaCallerConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Messages.forLanguage("en"));

    private ConfigLoader.Result load(Map<String, Object> values) {
        return loader.merge(List.of(new ConfigLoader.Layer("it.json", values)), List.of());
    }

    @Test
    void goodValuesReachTheSettings() {
        ConfigLoader.Result r = load(Map.of("bjca.callerUrl", "https://his.example/nurse", "bjca.origin",
                "https://his.example:8443", "bjca.trustFile", "/opt/trust.pem"));
        assertThat(r.problems()).isEmpty();
        var s = r.config().bjcaSettings(Optional.of(Path.of("/other.pem")));
        assertThat(s.callerUrl()).isEqualTo("https://his.example/nurse");
        assertThat(s.originHeader()).isEqualTo("https://his.example:8443");
        assertThat(s.trustFile()).contains(Path.of("/opt/trust.pem"));
    }

    @Test
    void badCallerUrlIsNamedAndTheDefaultStays() {
        ConfigLoader.Result r = load(Map.of("bjca.callerUrl", "ftp://x/", "bjca.origin", "https://h/path"));
        assertThat(r.config().bjcaCallerUrl()).isEqualTo(KeyWatchConfig.DEFAULT_CALLER_URL);
        assertThat(r.config().bjcaOrigin()).isEmpty();
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).contains("it.json", "bjca.callerUrl", "ftp://x/", "https://",
                KeyWatchConfig.DEFAULT_CALLER_URL);
        var s = r.config().bjcaSettings(Optional.of(Path.of("/bjca.pem")));
        assertThat(s.trustFile()).contains(Path.of("/bjca.pem"));
    }
}
