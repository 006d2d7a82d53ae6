package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import io.keywatch.core.ResetPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;
    private final ConfigLoader loader = new ConfigLoader(Messages.forLanguage("en"));

    private Path write(String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, json);
        return p;
    }

    @Test
    void noFilesGiveTheDefaults() {
        ConfigLoader.Result r = loader.load(List.of(dir.resolve("absent.json")));
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().bjcaUrl()).isEqualTo(URI.create("ws://127.0.0.1:21051/xtxapp/"));
        assertThat(r.config().bjcaTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.config().resetPolicy()).isEqualTo(ResetPolicy.ASK);
        assertThat(r.config().bjcaBridge()).isEqualTo("auto");
    }

    @Test
    void userFileOverridesMachineFileKeyByKeyAndSourcesAreKept() throws IOException {
        Path machine = write("machine.json", """
                {"bjca": {"timeoutMs": 2000, "bridge": "http"}, "reset": {"policy": "never"}}""");
        Path user = write("user.json", """
                {"reset.policy": "auto", "nursingApp": {"command": ["C:\\\\HIS\\\\nursing.exe", "--login"]}}""");
        ConfigLoader.Result r = loader.load(List.of(machine, user));

        assertThat(r.problems()).isEmpty();
        KeyWatchConfig c = r.config();
        assertThat(c.bjcaTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(c.bjcaBridge()).isEqualTo("http");
        assertThat(c.resetPolicy()).isEqualTo(ResetPolicy.AUTO);
        assertThat(c.nursingAppCommand()).containsExactly("C:\\HIS\\nursing.exe", "--login");
        assertThat(c.sources()).containsEntry("bjca.timeoutMs", machine.toString())
                .containsEntry("reset.policy", user.toString());
    }

    @Test
    void badValuesNameFileKeyValueAndWhatIsAcceptedThenFallBack() throws IOException {
        Path f = write("c.json", """
                {"bjca": {"timeoutMs": "fast", "bridge": "pigeon"}, "reset": {"policy": 3},
                 "nursingApp": {"command": "nursing.exe --login"}, "ui": {"language": "fr"}}""");
        ConfigLoader.Result r = loader.load(List.of(f));

        assertThat(r.config().bjcaTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.config().bjcaBridge()).isEqualTo("auto");
        assertThat(r.config().resetPolicy()).isEqualTo(ResetPolicy.ASK);
        assertThat(r.config().nursingAppCommand()).isEmpty();
        assertThat(r.problems()).hasSize(5);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                .contains(f.toString(), "bjca.timeoutMs", "fast", "a whole number from 100 to 120000", "using 5000"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                .contains("bjca.bridge", "pigeon", "auto | websocket | http | com"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("nursingApp.command", "array"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("ui.language", "auto | zh | en"));
    }

    @Test
    void unknownKeysAreReportedWithTheKnownOnes() throws IOException {
        Path f = write("c.json", "{\"bjca\": {\"ulr\": \"ws://127.0.0.1:1/\"}}");
        ConfigLoader.Result r = loader.load(List.of(f));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains(f.toString(), "\"bjca.ulr\"", "bjca.url"));
    }

    @Test
    void brokenJsonIsAProblemNotACrash() throws IOException {
        Path f = write("c.json", "{\"bjca\": {\"timeoutMs\": 100");
        Path g = write("d.json", "[1, 2]");
        ConfigLoader.Result r = loader.load(List.of(f, g));
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).contains(f.toString(), "not valid JSON");
        assertThat(r.problems().get(1)).contains(g.toString(), "one JSON object");
        assertThat(r.config()).isEqualTo(KeyWatchConfig.defaults());
    }

    @Test
    void remoteServiceUrlIsRefusedUnlessExplicitlyAllowed() throws IOException {
        Path f = write("c.json", "{\"bjca\": {\"url\": \"ws://10.1.2.3:21051/xtxapp/\"}}");
        ConfigLoader.Result r = loader.load(List.of(f));
        assertThat(r.config().bjcaUrl()).isEqualTo(KeyWatchConfig.DEFAULT_URL);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p).contains("loopback", "bjca.allowRemote"));

        Path g = write("g.json", "{\"bjca\": {\"url\": \"ws://10.1.2.3:21051/xtxapp/\", \"allowRemote\": true}}");
        assertThat(loader.load(List.of(g)).config().bjcaUrl()).isEqualTo(URI.create("ws://10.1.2.3:21051/xtxapp/"));
    }

}
