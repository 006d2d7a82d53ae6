package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bjca.assistantCommand and bjca.assistantWaitSeconds: defaults, accepted values, and the edges of the wait. */
class AssistantConfigTest {
    final ConfigLoader loader = new ConfigLoader(Messages.forLanguage("en"));

    private ConfigLoader.Result load(Map<String, Object> values) {
        return loader.merge(List.of(new ConfigLoader.Layer("site.json", values)), new ArrayList<>());
    }

    @Test
    void defaultsAreNoCommandAndTenMinutes() {
        KeyWatchConfig c = load(Map.of()).config();
        assertThat(c.assistantCommand()).isEmpty();
        assertThat(c.assistantWait()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.values()).containsEntry("bjca.assistantWaitSeconds", 600L);
    }

    @Test
    void aCommandIsAnArgumentList() {
        ConfigLoader.Result r = load(Map.of("bjca.assistantCommand", List.of("D:\\BJCA\\Aide.exe", "/repair")));
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().assistantCommand()).containsExactly("D:\\BJCA\\Aide.exe", "/repair");
    }

    @Test
    void aShellStringIsRefusedWithTheKeyNamed() {
        ConfigLoader.Result r = load(Map.of("bjca.assistantCommand", "D:\\BJCA\\Aide.exe /repair"));
        assertThat(r.config().assistantCommand()).isEmpty();
        assertThat(r.problems()).singleElement().asString().contains("site.json").contains("bjca.assistantCommand");
    }

    @Test
    void theWaitIsFiveSecondsToAnHour() {
        assertThat(load(Map.of("bjca.assistantWaitSeconds", 5)).config().assistantWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(load(Map.of("bjca.assistantWaitSeconds", 3600)).config().assistantWait()).isEqualTo(Duration.ofHours(1));
        ConfigLoader.Result below = load(Map.of("bjca.assistantWaitSeconds", 4));
        assertThat(below.config().assistantWait()).isEqualTo(Duration.ofMinutes(10));
        assertThat(below.problems()).singleElement().asString().contains("bjca.assistantWaitSeconds");
        assertThat(load(Map.of("bjca.assistantWaitSeconds", 3601)).problems()).hasSize(1);
    }
}
