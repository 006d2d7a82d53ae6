package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link KeyWatchConfig#values()}: every key once everything is set, the optional ones absent when unset. */
class ConfigValuesMapTest {

    @Test
    void withEveryOptionalKeySetEveryKeyIsListedWithItsValue() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("bjca.synctlUrl", "http://127.0.0.1:21061/");
        set.put("bjca.origin", "https://his.example");
        set.put("bjca.trustFile", "/opt/trust.pem");
        set.put("softkeyDb.path", "/var/lib/bjca/soft.db");
        set.put("nursingApp.workingDir", "/opt/his");
        set.put("dataDir", "/srv/keywatch");
        set.put("log.syslog.host", "syslog.local");
        ConfigLoader.Result r = new ConfigLoader(Messages.forLanguage("en"))
                .merge(List.of(new ConfigLoader.Layer("it.json", set)), List.of());
        assertThat(r.problems()).isEmpty();

        Map<String, Object> values = r.config().values();
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(ConfigLoader.KEYS);
        assertThat(values).containsAllEntriesOf(set);
    }

    @Test
    void theDefaultsLeaveTheOptionalKeysOut() {
        Map<String, Object> values = KeyWatchConfig.defaults().values();
        assertThat(values).doesNotContainKeys("bjca.synctlUrl", "bjca.origin", "bjca.trustFile", "softkeyDb.path",
                "nursingApp.workingDir", "dataDir", "log.syslog.host");
        assertThat(values).hasSize(ConfigLoader.KEYS.size() - 7);
    }
}
