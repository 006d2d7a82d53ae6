package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.bjca.BjcaSettings;
import io.keywatch.config.ConfigLoader;
import io.keywatch.config.KeyWatchConfig;
import io.keywatch.core.Messages;
import io.keywatch.platform.RegistryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which TLS trust the BJCA client gets: configured file, else the install's Program\trust.pem, else the pin. */
class BjcaTrustDefaultTest {
    @TempDir
    Path dir;
    final AtomicInteger registryReads = new AtomicInteger();

    @Test
    void theInstallsTrustFileIsTheDefaultWhenItExists() throws Exception {
        Path pem = Files.writeString(Files.createDirectories(dir.resolve("BJCA/Program")).resolve("trust.pem"), "pem");
        BjcaSettings s = AppContext.bjcaSettings(KeyWatchConfig.defaults(), registry(dir.resolve("BJCA")), dir.resolve("data"));
        assertThat(s.trustFile()).contains(pem);
        assertThat(s.pinFile()).as("the pin file stays named for a missing trust file later")
                .contains(dir.resolve("data").resolve(BjcaSettings.PIN_FILE_NAME));
    }

    @Test
    void withoutTheInstallsTrustFileTheCertificateIsPinnedOnFirstUse() {
        BjcaSettings s = AppContext.bjcaSettings(KeyWatchConfig.defaults(), registry(dir.resolve("BJCA")), dir);
        assertThat(s.trustFile()).isEmpty();
        assertThat(s.pinFile()).contains(dir.resolve(BjcaSettings.PIN_FILE_NAME));
        assertThat(AppContext.bjcaSettings(KeyWatchConfig.defaults(), Optional::empty, dir).trustFile())
                .as("no registry: not Windows").isEmpty();
    }

    @Test
    void aConfiguredTrustFileWinsAndTheRegistryIsNotRead() throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("BJCA/Program")).resolve("trust.pem"), "pem");
        Path own = Files.writeString(dir.resolve("own.pem"), "pem");
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"bjca.trustFile\": " + com.fasterxml.jackson.jr.ob.JSON.std.asString(own.toString()) + "}");
        Messages m = Messages.of(Locale.ENGLISH, java.time.ZoneOffset.UTC);
        ConfigLoader.Result r = new ConfigLoader(m).load(List.of(config));
        assertThat(r.problems()).isEmpty();
        BjcaSettings s = AppContext.bjcaSettings(r.config(), registry(dir.resolve("BJCA")), dir);
        assertThat(s.trustFile()).contains(own);
        assertThat(registryReads).hasValue(0);
    }

    private java.util.function.Supplier<Optional<RegistryReader>> registry(Path installPath) {
        return () -> {
            registryReads.incrementAndGet();
            return Optional.of(new RegistryReader() {
                @Override
                public Map<String, Object> values(String path) {
                    return path.equals("SOFTWARE\\WOW6432Node\\BJCA") ? Map.of("InstallPath", installPath.toString())
                            : Map.of();
                }

                @Override
                public List<String> subKeys(String path) {
                    return List.of();
                }

                @Override
                public String expand(String value) {
                    return value;
                }
            });
        };
    }
}
