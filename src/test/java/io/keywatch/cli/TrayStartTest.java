package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrayStartTest {

    @Test
    void plainTrayStartsSkipPicocliWithTheirOptions() {
        assertThat(TrayStart.parse()).contains(new TrayStart(Optional.empty(), false));
        assertThat(TrayStart.parse("tray")).contains(new TrayStart(Optional.empty(), false));
        assertThat(TrayStart.parse("--config", "check", "tray"))
                .as("a config file named 'check'").contains(new TrayStart(Optional.of(Path.of("check")), false));
        assertThat(TrayStart.parse("--config=/etc/kw.json", "-v", "tray"))
                .contains(new TrayStart(Optional.of(Path.of("/etc/kw.json")), true));
        assertThat(TrayStart.parse("tray", "--verbose", "--config", "kw.json"))
                .as("options after the command, as picocli allows for inherited ones")
                .contains(new TrayStart(Optional.of(Path.of("kw.json")), true));
    }

    @Test
    void otherCommandsHelpAndMalformedOptionsGoToPicocli() {
        assertThat(TrayStart.parse("check")).isEmpty();
        assertThat(TrayStart.parse("--config", "f.json", "reset", "--yes")).isEmpty();
        assertThat(TrayStart.parse("tray", "--help")).isEmpty();
        assertThat(TrayStart.parse("--version")).isEmpty();
        assertThat(TrayStart.parse("status", "--json")).isEmpty();
        assertThat(TrayStart.parse("tray", "--config")).as("option without its value").isEmpty();
        assertThat(TrayStart.parse("--config=")).as("empty value").isEmpty();
        assertThat(TrayStart.parse("--config", "a.json", "--config", "b.json")).as("repeated").isEmpty();
        assertThat(TrayStart.parse("tray", "tray")).isEmpty();
        assertThat(TrayStart.parse("-vv")).isEmpty();
    }

    @Test
    void aMissingConfigFileIsAUsageErrorNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = TrayRun.fromMain(new TrayStart(Optional.of(missing), false),
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains(missing.toString()).contains("--config");
        assertThat(out.toString()).isEmpty();
    }
}
