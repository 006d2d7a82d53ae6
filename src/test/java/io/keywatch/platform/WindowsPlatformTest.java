package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Off Windows the Win32 calls fail; the platform must degrade to conventional paths, never throw. */
@DisabledOnOs(OS.WINDOWS)
class WindowsPlatformTest {

    @Test
    void withoutWin32ItFallsBackToConventionalPaths() {
        WindowsPlatform p = (WindowsPlatform) Platforms.create("Windows 10");
        assertThat(p.name()).isEqualTo("windows");
        assertThat(p.defaultBjcaFolder().toString().replace('\\', '/')).endsWith("AppData/LocalLow/BJCA");
        assertThat(p.defaultDataDir().getFileName().toString()).isEqualTo("KeyWatch");
        assertThat(p.userConfigFile().toString().replace('\\', '/')).endsWith("AppData/Roaming/KeyWatch/config.json");
        assertThat(p.osInstallDate()).isEmpty();
        assertThat(p.launcher()).isInstanceOf(WindowsLauncher.class);
        assertThat(p.autostart()).isInstanceOf(WindowsRunKeyAutostart.class);
        assertThat(p.eventLog(Messages.forLanguage("en"))).isEmpty();
    }

    @Test
    void theGenericPlatformHasNoEventLog() {
        assertThat(new GenericPlatform().eventLog(Messages.of(Locale.ENGLISH, java.time.ZoneOffset.UTC))).isEmpty();
    }
}
