package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.platform.win32.WinDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Win32 result checks (pure or JNA-only, so they run on any OS), and that every adapter uses them. */
class Win32ResultsTest {

    @Test
    void registerClassExFailsWithAZeroAtomNotANullOne() {
        assertThat(Win32Results.registered(new WinDef.ATOM(0))).as("0 is RegisterClassEx's failure").isFalse();
        assertThat(Win32Results.registered(null)).isFalse();
        assertThat(Win32Results.registered(new WinDef.ATOM(1))).isTrue();
        assertThat(Win32Results.registered(new WinDef.ATOM(0xC001))).as("a typical class atom").isTrue();
        assertThat(Win32Results.registered(new WinDef.ATOM(0xFFFF))).isTrue();
    }

    @Test
    void theErrorIsTheOneJnaPreservedForThisThread() {
        Win32Results.clearLastError();
        assertThat(Win32Results.failure("RegisterClassEx")).isEqualTo("RegisterClassEx failed, error 0");
        com.sun.jna.Native.setLastError(1410); // ERROR_CLASS_ALREADY_EXISTS
        assertThat(Win32Results.failure("RegisterClassEx")).isEqualTo("RegisterClassEx failed, error 1410");
        assertThat(Win32Results.describedFailure("ReportEvent")).startsWith("ReportEvent failed, error 1410");
        Win32Results.clearLastError();
        assertThat(com.sun.jna.Native.getLastError()).isZero();
    }

    /**
     * The contract applied everywhere: no Windows adapter reads an error through a second native
     * call, or tests an ATOM against null (it never is). Source text, so it runs on any OS.
     */
    @Test
    void noAdapterReadsTheErrorThroughASecondNativeCallOrTestsAnAtomForNull() throws IOException {
        List<Pattern> wrong = List.of(
                Pattern.compile("Kernel32\\.INSTANCE\\.GetLastError\\(\\)"),
                Pattern.compile("Kernel32Util\\.getLastErrorMessage\\(\\)"),
                Pattern.compile("RegisterClassEx\\([^;]*\\)\\s*[=!]=\\s*null"));
        List<String> found;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            found = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    String text = Files.readString(f);
                    return wrong.stream().filter(p -> p.matcher(text).find()).map(p -> f + ": " + p.pattern());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(found).as("use Win32Results (Native.getLastError(), a zero ATOM)").isEmpty();
    }
}
