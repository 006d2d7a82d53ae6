package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrayRunArgsTest {

    @Test
    void plainTrayStartsSkipPicocliWithTheirOptions() {
        assertThat(TrayRun.plainTrayStart()).contains(new TrayRun.Args(Optional.empty(), false));
        assertThat(TrayRun.plainTrayStart("tray")).contains(new TrayRun.Args(Optional.empty(), false));
        assertThat(TrayRun.plainTrayStart("--config", "check", "tray"))
                .as("a config file named 'check'").contains(new TrayRun.Args(Optional.of(Path.of("check")), false));
        assertThat(TrayRun.plainTrayStart("--config=/etc/kw.json", "-v", "tray"))
                .contains(new TrayRun.Args(Optional.of(Path.of("/etc/kw.json")), true));
        assertThat(TrayRun.plainTrayStart("tray", "--verbose", "--config", "kw.json"))
                .as("options after the command, as picocli allows for inherited ones")
                .contains(new TrayRun.Args(Optional.of(Path.of("kw.json")), true));
    }

    @Test
    void otherCommandsHelpAndMalformedOptionsGoToPicocli() {
        assertThat(TrayRun.plainTrayStart("check")).isEmpty();
        assertThat(TrayRun.plainTrayStart("--config", "f.json", "reset", "--yes")).isEmpty();
        assertThat(TrayRun.plainTrayStart("tray", "--help")).isEmpty();
        assertThat(TrayRun.plainTrayStart("--version")).isEmpty();
        assertThat(TrayRun.plainTrayStart("status", "--json")).isEmpty();
        assertThat(TrayRun.plainTrayStart("tray", "--config")).as("option without its value").isEmpty();
        assertThat(TrayRun.plainTrayStart("--config=")).as("empty value").isEmpty();
        assertThat(TrayRun.plainTrayStart("--config", "a.json", "--config", "b.json")).as("repeated").isEmpty();
        assertThat(TrayRun.plainTrayStart("tray", "tray")).isEmpty();
        assertThat(TrayRun.plainTrayStart("-vv")).isEmpty();
    }

    @Test
    void aMissingConfigFileIsAUsageErrorNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = TrayRun.fromMain(new TrayRun.Args(Optional.of(missing), false),
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains(missing.toString()).contains("--config");
        assertThat(out.toString()).isEmpty();
    }
}
