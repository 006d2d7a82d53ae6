package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.softkey.ImagePreparation;
import io.keywatch.config.PolicySource;
import io.keywatch.core.Messages;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The thin JNA part: the real HKLM on a Windows runner; absent elsewhere. */
class WindowsRegistryReaderTest {

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void thereIsNoRegistryOutsideWindows() {
        assertThat(RegistryReader.forThisMachine()).isEmpty();
        assertThat(PolicySource.forThisMachine(Messages.forLanguage("en"))).isEqualTo(PolicySource.Policy.none());
    }

    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void readsValuesTypedAsJnaReturnsThemAndMissingKeysAreEmpty() throws Exception {
        RegistryReader r = RegistryReader.forThisMachine().orElseThrow();
        Map<String, Object> cv = r.values("SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion");
        assertThat(cv.get("ProductName")).isInstanceOf(String.class);
        assertThat(cv.get("InstallDate")).isInstanceOf(Integer.class);
        assertThat(r.values("SOFTWARE\\KeyWatch-no-such-key-" + System.nanoTime())).isEmpty();
        assertThat(r.subKeys("SOFTWARE\\KeyWatch-no-such-key-" + System.nanoTime())).isEmpty();
        assertThat(r.expand("%SystemRoot%")).doesNotContain("%").endsWithIgnoringCase("Windows");
    }

    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void theProfileListNamesTheRunnersOwnProfileAndTheDefaultProfile() {
        ImagePreparation.Profiles p = ImagePreparation.windowsProfiles(RegistryReader.forThisMachine().orElseThrow());
        String home = System.getProperty("user.home");
        assertThat(p.profiles()).anySatisfy(x -> assertThat(x.home().toString()).isEqualToIgnoringCase(home));
        assertThat(p.profiles()).anySatisfy(x -> assertThat(x.name()).isEqualTo("Default"));
    }
}
