package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.sim.BjcaSimulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login start ({@code keywatch -v --config F tray}, which skips picocli) in its own JVM, as the
 * autostart entry runs it: {@code -v} must reach Logback before the first logger starts it.
 */
class TrayStartProcessTest {

    @Test
    void verboseReachesTheConsoleOnThePicocliFreeStart(@TempDir Path dir) throws Exception {
        List<String> seen = startTrayUntil(dir, sim -> { }, List.of(), l -> l.startsWith("DEBUG "), (p, lines) ->
                assertThat(p.isAlive()).as("the tray still runs").isTrue());
        assertThat(seen).as("stderr of the tray started with -v").anyMatch(l -> l.startsWith("DEBUG "));
    }

    /**
     * The idle tray keeps what only a repair, a fleet server or TLS needs off its path: BJCA's assistant
     * step, the syslog sender and the TLS stack are not loaded once the tray is up and its key sources run.
     */
    @Test
    void theIdleTrayLoadsNeitherTheAssistantNorSyslogNorTls(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        // A key is in at start: the start-up check runs, then the doctor's key checks look for its cause
        // (logged either way); the idle tray is the tray after both.
        List<String> seen = startTrayUntil(dir, sim -> sim.insertKey("张三", "SN0001"),
                List.of("-Xlog:class+load=info:file=" + classes), l -> l.contains("CheckSteps - cause: "),
                (p, lines) -> { });
        assertThat(seen).as("the tray's start-up check").anyMatch(l -> l.contains("check: OK"))
                .anyMatch(l -> l.contains("CheckSteps - cause: "));
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).as("the start itself is in the class log")
                .anyMatch(l -> l.contains(" io.keywatch.cli.TrayRun "))
                .anyMatch(l -> l.contains(" io.keywatch.softkey.DbGuard "))
                .anyMatch(l -> l.contains(" io.keywatch.doctor.checks.SoftkeyDbCheck "));
        assertThat(loaded).as("classes loaded by the idle tray")
                .noneMatch(l -> l.contains(" io.keywatch.assistant.AssistantPath "))
                .noneMatch(l -> l.contains(" io.keywatch.tray.AssistantDialog"))
                .noneMatch(l -> l.contains(" io.keywatch.tray.TrayAssistant "))
                .noneMatch(l -> l.contains(" io.keywatch.softkey.JournalledMove "))
                .noneMatch(l -> l.contains(" io.keywatch.softkey.Recovery "))
                .noneMatch(l -> l.contains(" io.keywatch.fleet.SyslogSink "))
                .noneMatch(l -> l.contains(" javax.net.ssl.SSLContext "));
    }

    interface WhileRunning {
        void check(Process tray, List<String> lines) throws Exception;
    }

    /**
     * Starts {@code keywatch -v --config F tray} (headless, against a simulator set up by {@code setUp}) in
     * its own JVM, reads its stderr until {@code last} (or its end, or 60 s), runs {@code whileRunning},
     * then stops it.
     */
    private static List<String> startTrayUntil(Path dir, java.util.function.Consumer<BjcaSimulator> setUp,
                                               List<String> jvmOptions,
                                               java.util.function.Predicate<String> last,
                                               WhileRunning whileRunning) throws Exception {
        try (BjcaSimulator sim = new BjcaSimulator(Files.createDirectories(dir.resolve("bjca"))).start()) {
            setUp.accept(sim);
            Path config = dir.resolve("config.json");
            Files.writeString(config, """
                    {"bjca": {"url": "%s", "bridge": "websocket"}, "softkeyDb": {"path": "%s"}, "dataDir": "%s"}
                    """.formatted(sim.webSocketUrl(), json(sim.dbFile()), json(dir.resolve("data"))));
            List<String> command = new ArrayList<>(List.of(java(), "-Djava.awt.headless=true"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", mainClassPath(), Main.class.getName(), "-v", "--config",
                    config.toString(), "tray"));
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                // Read stderr until the line, or the end (the child exits, or is stopped at the deadline).
                CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readUntil(p, last));
                List<String> seen;
                try {
                    seen = lines.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    p.destroyForcibly();
                    seen = lines.get(10, TimeUnit.SECONDS);
                }
                whileRunning.check(p, seen);
                return seen;
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static List<String> readUntil(Process p, java.util.function.Predicate<String> last) {
        List<String> seen = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                seen.add(line);
                if (last.test(line)) {
                    break;
                }
            }
        } catch (IOException e) {
            seen.add("(stderr: " + e + ")");
        }
        return seen;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The class path without the test classes: their logback-test.xml would override the console set-up. */
    private static String mainClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String json(Path p) {
        return p.toString().replace("\\", "\\\\");
    }
}
