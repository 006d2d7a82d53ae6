package io.keywatch.config;

import io.keywatch.core.ResetPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration after the machine-wide file, the per-user file (or {@code --config})
 * and the defaults were merged. {@code sources} names where each key's value came from.
 */
public record KeyWatchConfig(
        URI bjcaUrl,
        Optional<URI> bjcaSynctlUrl,
        String bjcaBridge,
        Duration bjcaTimeout,
        boolean bjcaAllowRemote,
        Optional<Path> softkeyDbPath,
        List<String> nursingAppCommand,
        ResetPolicy resetPolicy,
        Optional<Path> dataDir,
        String uiLanguage,
        Duration keySettle,
        List<Map<String, Object>> extraKeys,
        Optional<String> syslogHost,
        int syslogPort,
        Map<String, String> sources) {

    public static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:21051/xtxapp/");
    public static final List<String> BRIDGES = List.of("auto", "websocket", "http", "com");
    public static final List<String> LANGUAGES = List.of("auto", "zh", "en");

    public KeyWatchConfig {
        nursingAppCommand = List.copyOf(nursingAppCommand);
        extraKeys = List.copyOf(extraKeys);
        sources = Map.copyOf(sources);
    }

    public static KeyWatchConfig defaults() {
        return new KeyWatchConfig(DEFAULT_URL, Optional.empty(), "auto", Duration.ofSeconds(5), false,
                Optional.empty(), List.of(), ResetPolicy.ASK, Optional.empty(), "auto", Duration.ofMillis(300),
                List.of(), Optional.empty(), 514, Map.of());
    }
}
