package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code nursingApp.workingDir}: optional, a path; absent means "the program's own folder". */
class NursingAppWorkingDirConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Messages.forLanguage("en"));

    private ConfigLoader.Result load(Map<String, Object> values) {
        return loader.merge(List.of(new ConfigLoader.Layer("it.json", values)), List.of());
    }

    @Test
    void absentByDefault() {
        ConfigLoader.Result r = load(Map.of());
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().nursingAppWorkingDir()).isEmpty();
        assertThat(r.config().values()).doesNotContainKey("nursingApp.workingDir");
        assertThat(KeyWatchConfig.defaults().nursingAppWorkingDir()).isEmpty();
    }

    @Test
    void aFolderIsTakenAndShown() {
        ConfigLoader.Result r = load(Map.of("nursingApp.workingDir", " /opt/his "));
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().nursingAppWorkingDir()).contains(Path.of("/opt/his"));
        assertThat(r.config().values()).containsEntry("nursingApp.workingDir", "/opt/his");
        assertThat(r.config().sourceOf("nursingApp.workingDir")).isEqualTo("it.json");
    }

    @Test
    void aNonTextValueIsRejectedByNameAndTheDefaultStays() {
        ConfigLoader.Result r = load(Map.of("nursingApp.workingDir", 42));
        assertThat(r.config().nursingAppWorkingDir()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p).contains("it.json", "nursingApp.workingDir", "42"));
    }
}
