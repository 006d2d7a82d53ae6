package io.keywatch.platform;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The MSI's AppCDS custom action, bounded in time: starts the JVM that records the archive in the
 * install folder ({@code -XX:ArchiveClassesAtExit}, running {@code --version}) and kills it when it
 * has not finished within the given seconds. Windows Installer waits for an EXE custom action without
 * any limit, so an upgrade while the tray runs (archive and jar in use), a virus scanner holding the
 * files or a broken runtime must not turn into an installer that never ends. Always exits 0: the
 * archive only saves start-up time.
 *
 * <p>Usage: {@code javaw -cp keywatch.jar io.keywatch.platform.WindowsCdsRecorder SECONDS JAVA JSA JAR
 * MAIN_CLASS [JVM_OPTION...]}
 */
public final class WindowsCdsRecorder {

    /** How the recording ended. */
    enum Outcome { RECORDED, FAILED, TIMED_OUT }

    private WindowsCdsRecorder() {
    }

    public static void main(String[] args) {
        try {
            if (args.length < 5) {
                System.err.println("usage: WindowsCdsRecorder SECONDS JAVA JSA JAR MAIN_CLASS [JVM_OPTION...]");
                return;
            }
            Duration limit = Duration.ofSeconds(Long.parseLong(args[0]));
            List<String> command = command(args[1], args[2], args[3], args[4],
                    Arrays.asList(args).subList(5, args.length));
            System.err.println("WindowsCdsRecorder: " + run(command, limit));
        } catch (RuntimeException e) {
            System.err.println("WindowsCdsRecorder: " + e);
        }
        System.exit(0);
    }

    /** The dumping JVM's command line: archive option, the launchers' options, class path, main class. */
    static List<String> command(String java, String jsa, String jar, String mainClass, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-XX:ArchiveClassesAtExit=" + jsa);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(jar);
        cmd.add(mainClass);
        cmd.add("--version");
        return List.copyOf(cmd);
    }

    /** Runs {@code command}, waiting at most {@code limit}; a child still running then is killed. */
    static Outcome run(List<String> command, Duration limit) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Outcome.FAILED;
        }
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return Outcome.TIMED_OUT;
            }
            return p.exitValue() == 0 ? Outcome.RECORDED : Outcome.FAILED;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Outcome.TIMED_OUT;
        }
    }
}
