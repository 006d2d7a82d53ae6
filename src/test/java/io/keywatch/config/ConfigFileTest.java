package io.keywatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One configuration file as Windows, IT and accidents produce it: capped, BOM, trailing text, folders. */
class ConfigFileTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;
    private final Messages en = Messages.forLanguage("en");
    private final ConfigFile reader = new ConfigFile(en);

    /** {@code {"bjca.timeoutMs": 2000}} padded with spaces inside the object to exactly {@code size} bytes. */
    private Path objectOfSize(String name, int size, byte[] prefix) throws IOException {
        String head = "{\"bjca.timeoutMs\": 2000";
        byte[] b = new byte[size];
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, b, prefix.length, h.length);
        java.util.Arrays.fill(b, prefix.length + h.length, size - 1, (byte) ' ');
        b[size - 1] = '}';
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void aFileOfExactlyTheCapIsReadAndOneBytePastItIsRefusedNamingTheFileAndTheCap() throws IOException {
        Path atCap = objectOfSize("at-cap.json", ConfigFile.MAX_BYTES, new byte[0]);
        Path past = objectOfSize("past-cap.json", ConfigFile.MAX_BYTES + 1, new byte[0]);

        ConfigFile.Read ok = reader.read(atCap);
        assertThat(ok.problem()).isEmpty();
        assertThat(ok.object()).hasValueSatisfying(m -> assertThat(m.get("bjca.timeoutMs")).isEqualTo(2000));

        ConfigFile.Read refused = reader.read(past);
        assertThat(refused.rejected()).isTrue();
        assertThat(refused.problem()).hasValueSatisfying(p -> assertThat(p).contains(past.toString(), "1048576 bytes"));
    }

    @Test
    void aHundredMegabyteFileIsRefusedWithoutBeingRead() throws IOException {
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(100L * 1024 * 1024); // sparse: costs no disk, would cost 100 MB+ of heap if read
        }
        ConfigFile.Read r = reader.read(huge);
        assertThat(r.rejected()).isTrue();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).contains(huge.toString(), "1048576"));
    }

    @Test
    void aCapSmallerThanTheFileCountsTheBomToo() throws IOException {
        ConfigFile small = new ConfigFile(en, 64);
        assertThat(small.read(objectOfSize("a.json", 64, BOM)).object()).isPresent();
        assertThat(small.read(objectOfSize("b.json", 65, BOM)).rejected()).isTrue();
    }

    @Test
    void notepadsUtf8WithBomIsAccepted() throws IOException {
        byte[] body = "{\"ui\": {\"language\": \"zh\"}, \"nursingApp.command\": [\"C:\\\\护理\\\\nurse.exe\"]}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, withBom, 0, BOM.length);
        System.arraycopy(body, 0, withBom, BOM.length, body.length);
        Path f = Files.write(dir.resolve("notepad.json"), withBom);

        ConfigLoader.Result r = new ConfigLoader(en).load(List.of(f));
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().uiLanguage()).isEqualTo("zh");
        assertThat(r.config().nursingAppCommand()).containsExactly("C:\\护理\\nurse.exe");
    }

    @Test
    void textAfterTheObjectIsReportedWithItsPlaceAndTheObjectStillApplies() throws IOException {
        Path two = Files.writeString(dir.resolve("two.json"), "{\"bjca.timeoutMs\": 2000}\n{\"bjca.timeoutMs\": 9000}\n");
        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"bjca.timeoutMs\": 2000} // old value: 9000");
        Path brace = Files.writeString(dir.resolve("brace.json"), "{\"bjca.timeoutMs\": 2000}}");

        for (Path f : List.of(two, junk, brace)) {
            ConfigLoader.Result r = new ConfigLoader(en).load(List.of(f));
            assertThat(r.problems()).as(f.toString()).singleElement().satisfies(p ->
                    assertThat(p).contains(f.toString(), "text after its JSON object"));
            assertThat(r.config().bjcaTimeout()).isEqualTo(Duration.ofMillis(2000));
        }
        assertThat(reader.read(two).problem()).hasValueSatisfying(p -> assertThat(p).contains("line 2, column 1"));
    }

    @Test
    void trailingWhiteSpaceAndNewlinesAreNotText() throws IOException {
        Path f = Files.writeString(dir.resolve("ok.json"), "{\"bjca.timeoutMs\": 2000}\r\n\r\n \t\n");
        assertThat(reader.read(f).problem()).isEmpty();
    }

    @Test
    void aFolderIsNamedAsAFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("keywatch.json"));
        ConfigFile.Read r = reader.read(folder);
        assertThat(r.rejected()).isTrue();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).contains(folder.toString(), "is a folder")
                .doesNotContain("does not exist"));
    }

    @Test
    void aMissingFileIsAbsentNotAProblem() {
        ConfigFile.Read r = reader.read(dir.resolve("absent.json"));
        assertThat(r.absent()).isTrue();
        assertThat(r.rejected()).isFalse();
        assertThat(r.problem()).isEmpty();
    }

    @Test
    void gbkTextIsRefusedAsNotUtf8() throws IOException {
        Path f = Files.write(dir.resolve("ansi.json"), "{\"ui.language\": \"中文\"}".getBytes("GBK"));
        assertThat(reader.read(f).problem()).hasValueSatisfying(p -> assertThat(p).contains(f.toString(), "UTF-8"));
    }

    @Test
    void deeplyNestedJsonIsABadFileNotAStackOverflow() throws IOException {
        Path f = Files.writeString(dir.resolve("deep.json"), "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}");
        ConfigFile.Read r = reader.read(f);
        assertThat(r.rejected()).isTrue();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).contains(f.toString(), "not valid JSON"));
    }

    @Test
    void aTooLargeUserFileLeavesTheMachineFilesSettingsAndTheDefaults() throws IOException {
        Path machine = Files.writeString(dir.resolve("machine.json"), "{\"reset.policy\": \"never\"}");
        Path user = objectOfSize("user.json", ConfigFile.MAX_BYTES + 1, new byte[0]);
        ConfigLoader.Result r = new ConfigLoader(en).load(List.of(machine, user));
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p).contains(user.toString()));
        assertThat(r.config().values()).containsEntry("reset.policy", "never");
        assertThat(r.config().bjcaTimeout()).isEqualTo(KeyWatchConfig.defaults().bjcaTimeout());
        assertThat(r.config().sources()).doesNotContainValue(user.toString());
    }

    @Test
    void theChineseMessagesNameTheFileToo() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("文件夹"));
        assertThat(new ConfigFile(Messages.forLanguage("zh")).read(folder).problem())
                .hasValueSatisfying(p -> assertThat(p).contains(folder.toString(), "文件夹而不是文件"));
    }
}
