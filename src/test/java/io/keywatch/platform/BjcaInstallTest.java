package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BjcaInstallTest {

    @Test
    void theAssistantFolderIsBjcaCertAideUnderTheExpandedInstallPath() {
        RegistryReader r = registry(Map.of("InstallPath", "%BJCA_ROOT%/BJCA"), v -> v.replace("%BJCA_ROOT%", "/opt"));
        assertThat(BjcaInstall.assistantFolder(Optional.of(r)).folder()).contains(Path.of("/opt/BJCA/BjcaCertAide"));
    }

    @Test
    void aMissingBlankOrUnreadableInstallPathSaysWhich() {
        assertThat(BjcaInstall.assistantFolder(Optional.of(registry(Map.of(), v -> v))).problem())
                .isEqualTo("HKLM\\SOFTWARE\\WOW6432Node\\BJCA\\InstallPath is not set");
        assertThat(BjcaInstall.assistantFolder(Optional.of(registry(Map.of("InstallPath", "  "), v -> v))).folder()).isEmpty();
        assertThat(BjcaInstall.assistantFolder(Optional.of(registry(Map.of("InstallPath", 7), v -> v))).folder()).isEmpty();
        RegistryReader denied = new RegistryReader() {
            @Override
            public Map<String, Object> values(String path) throws RegistryException {
                throw new RegistryException("HKLM\\" + path + ": access denied", null);
            }

            @Override
            public List<String> subKeys(String path) {
                return List.of();
            }

            @Override
            public String expand(String value) {
                return value;
            }
        };
        assertThat(BjcaInstall.assistantFolder(Optional.of(denied)).problem()).endsWith("access denied");
        assertThat(BjcaInstall.assistantFolder(Optional.empty()).problem()).isEqualTo("no Windows registry on this system");
    }

    private static RegistryReader registry(Map<String, Object> values, java.util.function.UnaryOperator<String> expand) {
        return new RegistryReader() {
            @Override
            public Map<String, Object> values(String path) {
                return path.equals("SOFTWARE\\WOW6432Node\\BJCA") ? values : Map.of();
            }

            @Override
            public List<String> subKeys(String path) {
                return List.of();
            }

            @Override
            public String expand(String value) {
                return expand.apply(value);
            }
        };
    }
}
