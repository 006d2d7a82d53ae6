package io.keywatch.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JNA options the launchers pass (Windows: build-msi.ps1 into both .cfg files; Linux:
 * launcher.sh) really leave the temp folders alone: a JVM started with them loads jnidispatch from
 * the app folder and creates nothing in {@code java.io.tmpdir} (Windows: {@code %TEMP%\jna-<hash>})
 * or JNA's cache folder (Linux: {@code $XDG_CACHE_HOME/JNA/temp}). JNA creates that folder at every
 * start, to sweep old unpacked copies, unless {@code jna.nounpack} is set, even when nothing is
 * ever unpacked: the folder test-msi.ps1 and the smoke test look for.
 */
class NativeLibraryOptionsTest {
    private static final Path ROOT = Path.of("");
    /** {@code -Djna.xxx=value} tokens other than the boot path (which differs per OS). */
    private static final Pattern JNA_OPTION = Pattern.compile("-Djna\\.(?!boot\\.library\\.path)[\\w.]+=\\w+");

    private static Set<String> jnaOptions(String file) throws IOException {
        Matcher m = JNA_OPTION.matcher(Files.readString(ROOT.resolve(file)));
        Set<String> out = new TreeSet<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void bothLaunchersPassTheSameJnaOptionsAndNoneUnpacks() throws IOException {
        Set<String> windows = jnaOptions("packaging/windows/build-msi.ps1");
        Set<String> linux = jnaOptions("packaging/linux/launcher.sh");
        assertThat(windows).isEqualTo(linux)
                .contains("-Djna.nosys=true", "-Djna.noclasspath=true", "-Djna.nounpack=true");
    }

    @Test
    void aJvmWithTheLaunchersOptionsCreatesNothingInTheTempFolders(@TempDir Path dir) throws Exception {
        Path nativeDir = bootLibraryFolder(dir.resolve("native"));
        List<String> options = new ArrayList<>(jnaOptions("packaging/linux/launcher.sh"));

        Run run = runJna(dir.resolve("with"), nativeDir, options);
        assertThat(run.exit()).as("JNA loaded from the app folder: %s", run.output()).isZero();
        assertThat(run.output()).contains("Native:");
        assertThat(run.created()).as("nothing in java.io.tmpdir or JNA's cache folder").isEmpty();

        // The control: without jna.nounpack the same start leaves JNA's folder behind, so the check above can see it.
        options.remove("-Djna.nounpack=true");
        Run control = runJna(dir.resolve("without"), nativeDir, options);
        assertThat(control.exit()).as(control.output()).isZero();
        assertThat(control.created()).as("JNA's sweep folder").anyMatch(p -> p.getFileName().toString().matches("(?i)jna.*"));
    }

    record Run(int exit, String output, List<Path> created) {
    }

    /** Runs JNA's own main (it loads jnidispatch) with fresh, empty temp and cache folders (no hsperfdata either). */
    private static Run runJna(Path work, Path nativeDir, List<String> jnaOptions) throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path jar = Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp, "-Djna.boot.library.path=" + nativeDir));
        cmd.addAll(jnaOptions);
        cmd.addAll(List.of("-cp", jar.toString(), "com.sun.jna.Native"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        List<Path> created = new ArrayList<>();
        for (Path root : List.of(tmp, cache)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(x -> !x.equals(root)).forEach(created::add);
            }
        }
        return new Run(p.exitValue(), output, created);
    }

    /** This platform's jnidispatch, copied out of JNA's jar into a folder, as the packaging scripts do. */
    private static Path bootLibraryFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        String name = System.mapLibraryName("jnidispatch").replace(".dylib", ".jnilib");
        String resource = "/com/sun/jna/" + com.sun.jna.Platform.RESOURCE_PREFIX + "/" + name;
        try (InputStream in = com.sun.jna.Native.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        return folder;
    }
}
