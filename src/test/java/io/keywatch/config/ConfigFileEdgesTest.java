package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigFile} where a size lies, a path cannot be looked at, a file is only a BOM, a message has lines. */
class ConfigFileEdgesTest {
    @TempDir
    Path dir;
    private final Messages en = Messages.forLanguage("en");

    @Test
    @EnabledOnOs(OS.LINUX)
    void aDeviceThatSaysItIsEmptyButNeverEndsIsRefusedAtTheCapNotReadForever() {
        // /dev/zero reports size 0: only the one-past-the-cap read stops it.
        ConfigFile.Read r = new ConfigFile(en, 16).read(Path.of("/dev/zero"));
        assertThat(r.rejected()).isTrue();
        assertThat(r.problem()).contains("Configuration file /dev/zero is larger than 16 bytes, the most a"
                + " configuration file may hold; it is not read and its settings are ignored.");
    }

    @Test
    void aPathThroughAFileIsUnreadableNotAbsent() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "{}");
        Path through = file.resolve("inner.json");
        ConfigFile.Read r = new ConfigFile(en).read(through);
        assertThat(r.absent()).isFalse();
        assertThat(r.rejected()).isTrue();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("Configuration file " + through + " cannot be read (")
                .endsWith("); its settings are ignored."));
    }

    @Test
    void aFileThatIsOnlyABomIsEmptyNotAStrayCharacter() throws IOException {
        Path bom = Files.write(dir.resolve("bom.json"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        Path empty = Files.write(dir.resolve("empty.json"), new byte[0]);
        String bomProblem = new ConfigFile(en).read(bom).problem().orElseThrow();
        String emptyProblem = new ConfigFile(en).read(empty).problem().orElseThrow();
        assertThat(bomProblem.replace(bom.toString(), "F")).isEqualTo(emptyProblem.replace(empty.toString(), "F"));
    }

    @Test
    void aBadFilesMessageCarriesOnlyTheParsersFirstLine() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.json"), "{\"a\": tru}");
        String p = new ConfigFile(en).read(f).problem().orElseThrow();
        assertThat(p).startsWith("Configuration file " + f + " is not valid JSON (").doesNotContain("\n")
                .endsWith("); its settings are ignored. Expected one JSON object, as in the README.");
    }

    @Test
    void firstLineCutsAtTheFirstNewlineOnly() {
        assertThat(ConfigFile.firstLine(null)).isEmpty();
        assertThat(ConfigFile.firstLine("one line")).isEqualTo("one line");
        assertThat(ConfigFile.firstLine("first\nsecond\nthird")).isEqualTo("first");
        assertThat(ConfigFile.firstLine("\nsecond")).isEmpty();
        assertThat(ConfigFile.firstLine("a\n")).isEqualTo("a");
    }
}
