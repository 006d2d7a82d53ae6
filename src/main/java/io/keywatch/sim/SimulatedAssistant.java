package io.keywatch.sim;

import io.keywatch.core.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in for BJCA's certificate assistant (证书助手) that the simulator ships for tests and the
 * demo: a program of its own, started as a separate process as the real assistant is, that "runs
 * 环境检测 and 修复环境" by writing a fresh {@code bjca_softkey.db} for this simulated PC, prints one line
 * and exits. Under {@link DbRebuild#ASSISTANT} that is what makes {@code CheckSoftDeviceEnv} pass again.
 *
 * <p>Arguments: {@code --bjca-folder DIR --machine-id ID [--no-repair] [--exit-code N]}.
 * {@code --no-repair} plays an assistant that runs and closes without fixing anything.
 * Exit codes: the {@code --exit-code} (default 0), 2 for bad arguments, 5 when the db cannot be written.
 */
public final class SimulatedAssistant {
    private SimulatedAssistant() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The stand-in's work without {@code System.exit}: returns the exit code. */
    public static int run(String[] args) {
        Messages m = Messages.forLanguage(System.getProperty("keywatch.language", "auto"));
        Path folder = null;
        String machineId = null;
        boolean repair = true;
        int exitCode = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--bjca-folder" -> folder = Path.of(args[++i]);
                    case "--machine-id" -> machineId = SimulatedSoftkeyDb.requireMachineId(args[++i]);
                    case "--no-repair" -> repair = false;
                    case "--exit-code" -> exitCode = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (folder == null || machineId == null) {
                throw new IllegalArgumentException("--bjca-folder and --machine-id are required");
            }
        } catch (RuntimeException e) {
            System.err.println("usage: SimulatedAssistant --bjca-folder DIR --machine-id ID [--no-repair]"
                    + " [--exit-code N]: " + e.getMessage());
            return 2;
        }
        if (!repair) {
            System.out.println(m.get("sim.assistant.noRepair"));
            return exitCode;
        }
        Path db = folder.resolve(BjcaSimulator.DB_FILE_NAME);
        try {
            SimulatedSoftkeyDb.write(db, machineId, Instant.now());
        } catch (IOException e) {
            System.err.println(m.get("sim.assistant.cannotWrite", db, e.getMessage()));
            return 5;
        }
        System.out.println(m.get("sim.assistant.repaired", db));
        return exitCode;
    }

    /**
     * The command line that starts this stand-in with this very JVM and class path (what a test or the
     * demo configures as {@code bjca.assistantCommand}).
     */
    public static List<String> command(Path bjcaFolder, String machineId, String language, String... extra) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> c = new ArrayList<>(List.of(java, "-Dkeywatch.language=" + language, "-cp",
                System.getProperty("java.class.path"), SimulatedAssistant.class.getName(),
                "--bjca-folder", bjcaFolder.toAbsolutePath().toString(), "--machine-id", machineId));
        c.addAll(List.of(extra));
        return c;
    }
}
