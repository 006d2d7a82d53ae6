package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theTrustFileIsProgramTrustPemUnderTheInstallPathWhenItExists(@TempDir Path root) throws Exception {
        Path install = root.resolve("BJCA");
        RegistryReader r = registry(Map.of("InstallPath", "%ROOT%/BJCA"), v -> v.replace("%ROOT%", root.toString()));
        assertThat(BjcaInstall.trustFile(Optional.of(r))).as("no Program folder yet").isEmpty();
        Files.createDirectories(install.resolve("Program").resolve("trust.pem"));
        assertThat(BjcaInstall.trustFile(Optional.of(r))).as("a folder of that name is no trust file").isEmpty();
        Files.delete(install.resolve("Program").resolve("trust.pem"));
        Path pem = Files.writeString(install.resolve("Program").resolve("trust.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(BjcaInstall.trustFile(Optional.of(r))).contains(pem);
        Files.writeString(install.resolve("trust.pem"), "elsewhere");
        Files.delete(pem);
        assertThat(BjcaInstall.trustFile(Optional.of(r))).as("only Program\\trust.pem counts").isEmpty();
    }

    @Test
    void withoutInstallPathOrRegistryThereIsNoTrustFileAndThePinDecides() {
        assertThat(BjcaInstall.trustFile(Optional.empty())).isEmpty();
        assertThat(BjcaInstall.trustFile(Optional.of(registry(Map.of(), v -> v)))).isEmpty();
        assertThat(BjcaInstall.trustFile(Optional.of(registry(Map.of("InstallPath", " "), v -> v)))).isEmpty();
        assertThat(BjcaInstall.trustFile(Optional.of(registry(Map.of("InstallPath", "bad\u0000path"), v -> v))))
                .as("not a path").isEmpty();
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
