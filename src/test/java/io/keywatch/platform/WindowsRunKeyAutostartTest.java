package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class WindowsRunKeyAutostartTest {

    /** HKCU as a map of "key\\name" to value. */
    static final class MapRegistry implements WindowsRunKeyAutostart.UserRegistry {
        final Map<String, Object> values = new HashMap<>();
        boolean failWrites;

        @Override
        public Optional<String> getString(String key, String name) {
            return values.get(key + "\\" + name) instanceof String s ? Optional.of(s) : Optional.empty();
        }

        @Override
        public Optional<byte[]> getBinary(String key, String name) {
            return values.get(key + "\\" + name) instanceof byte[] b ? Optional.of(b) : Optional.empty();
        }

        @Override
        public void setString(String key, String name, String value) throws IOException {
            if (failWrites) {
                throw new IOException("cannot write HKCU\\" + key + "\\" + name + ": Access is denied.");
            }
            values.put(key + "\\" + name, value);
        }

        @Override
        public void delete(String key, String name) {
            values.remove(key + "\\" + name);
        }
    }

    private static final String RUN = WindowsRunKeyAutostart.RUN_KEY + "\\KeyWatch";
    private static final String APPROVED = WindowsRunKeyAutostart.APPROVED_KEY + "\\KeyWatch";

    @Test
    void enableWritesAQuotedCommandLineAndDisableRemovesIt() throws Exception {
        MapRegistry reg = new MapRegistry();
        WindowsRunKeyAutostart a = new WindowsRunKeyAutostart(reg);
        assertThat(a.isEnabled()).isFalse();

        a.enable(List.of("C:\\Users\\张 三\\AppData\\Local\\KeyWatch\\KeyWatch.exe", "tray"));
        assertThat(reg.values.get(RUN)).isEqualTo("\"C:\\Users\\张 三\\AppData\\Local\\KeyWatch\\KeyWatch.exe\" tray");
        assertThat(a.isEnabled()).isTrue();

        a.disable();
        assertThat(reg.values).doesNotContainKey(RUN);
        assertThat(a.isEnabled()).isFalse();
        a.disable(); // idempotent
    }

    @Test
    void anEntryDisabledInTaskManagerIsNotEnabledAndEnablingClearsThatFlag() throws Exception {
        MapRegistry reg = new MapRegistry();
        WindowsRunKeyAutostart a = new WindowsRunKeyAutostart(reg);
        a.enable(List.of("C:\\KeyWatch\\KeyWatch.exe"));
        reg.values.put(APPROVED, new byte[] {3, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(a.isEnabled()).isFalse();

        a.enable(List.of("C:\\KeyWatch\\KeyWatch.exe"));
        assertThat(reg.values).doesNotContainKey(APPROVED);
        assertThat(a.isEnabled()).isTrue();
    }

    @Test
    void anApprovedFlagIsLeftAlone() throws Exception {
        MapRegistry reg = new MapRegistry();
        byte[] enabled = {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        reg.values.put(APPROVED, enabled);
        new WindowsRunKeyAutostart(reg).enable(List.of("KeyWatch.exe"));
        assertThat(reg.values.get(APPROVED)).isSameAs(enabled);
    }

    @Test
    void startupApprovedFlagDecoding() {
        assertThat(WindowsRunKeyAutostart.startupApproved(null)).isTrue();
        assertThat(WindowsRunKeyAutostart.startupApproved(new byte[0])).isTrue();
        assertThat(WindowsRunKeyAutostart.startupApproved(new byte[] {2})).isTrue();
        assertThat(WindowsRunKeyAutostart.startupApproved(new byte[] {6})).isTrue();
        assertThat(WindowsRunKeyAutostart.startupApproved(new byte[] {3})).isFalse();
        assertThat(WindowsRunKeyAutostart.startupApproved(new byte[] {1})).isFalse();
    }

    @Test
    void emptyCommandAndRegistryErrorsAreIoErrorsWithTheLocation() {
        MapRegistry reg = new MapRegistry();
        WindowsRunKeyAutostart a = new WindowsRunKeyAutostart(reg);
        assertThatThrownBy(() -> a.enable(List.of())).isInstanceOf(IOException.class).hasMessageContaining("empty");
        reg.failWrites = true;
        assertThatThrownBy(() -> a.enable(List.of("x.exe"))).isInstanceOf(IOException.class)
                .hasMessageContaining("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\KeyWatch");
        assertThat(a.location()).isEqualTo("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\KeyWatch");
    }

    @Test
    void quotingExamplesFromTheMicrosoftRules() {
        assertThat(WindowsRunKeyAutostart.quote("plain")).isEqualTo("plain");
        assertThat(WindowsRunKeyAutostart.quote("")).isEqualTo("\"\"");
        assertThat(WindowsRunKeyAutostart.quote("a b")).isEqualTo("\"a b\"");
        assertThat(WindowsRunKeyAutostart.quote("C:\\dir\\")).isEqualTo("C:\\dir\\");
        assertThat(WindowsRunKeyAutostart.quote("C:\\my dir\\")).isEqualTo("\"C:\\my dir\\\\\"");
        assertThat(WindowsRunKeyAutostart.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(WindowsRunKeyAutostart.quote("a\\\"b")).isEqualTo("\"a\\\\\\\"b\"");
    }

    @Property(tries = 500)
    void commandLinesSplitBackIntoTheSameArguments(@ForAll("argLists") List<String> args) {
        String line = WindowsRunKeyAutostart.commandLine(args);
        assertThat(splitLikeCommandLineToArgvW(line)).containsExactlyElementsOf(args);
    }

    @Provide
    Arbitrary<List<String>> argLists() {
        return Arbitraries.strings().withChars('a', 'Z', ' ', '\t', '"', '\\', '张', ':', '.', '-')
                .ofMaxLength(12).list().ofMinSize(1).ofMaxSize(5);
    }

    /**
     * The documented parsing rules of CommandLineToArgvW / the MSVC runtime for arguments after the
     * first (2N backslashes + quote: N backslashes, toggle quoting; 2N+1 + quote: N backslashes and a
     * literal quote; "" inside quotes: a literal quote). Used here to check the quoting round trip.
     */
    static List<String> splitLikeCommandLineToArgvW(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            StringBuilder arg = new StringBuilder();
            boolean inQuotes = false;
            while (i < n) {
                char c = line.charAt(i);
                if (!inQuotes && (c == ' ' || c == '\t')) {
                    break;
                }
                if (c == '\\') {
                    int start = i;
                    while (i < n && line.charAt(i) == '\\') {
                        i++;
                    }
                    int count = i - start;
                    if (i < n && line.charAt(i) == '"') {
                        arg.append("\\".repeat(count / 2));
                        if (count % 2 == 1) {
                            arg.append('"');
                            i++;
                        }
                    } else {
                        arg.append("\\".repeat(count));
                    }
                    continue;
                }
                if (c == '"') {
                    if (inQuotes && i + 1 < n && line.charAt(i + 1) == '"') {
                        arg.append('"');
                        i += 2;
                        continue;
                    }
                    inQuotes = !inQuotes;
                    i++;
                    continue;
                }
                arg.append(c);
                i++;
            }
            out.add(arg.toString());
        }
    }

    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void realHkcuRoundTrip() throws Exception {
        WindowsRunKeyAutostart a = new WindowsRunKeyAutostart();
        org.junit.jupiter.api.Assumptions.assumeFalse(a.isEnabled(), "KeyWatch autostart is on for this user; not touching it");
        a.enable(List.of("C:\\Program Files\\KeyWatch Test\\KeyWatch.exe", "tray"));
        try {
            assertThat(a.isEnabled()).isTrue();
        } finally {
            a.disable();
        }
        assertThat(a.isEnabled()).isFalse();
    }
}
