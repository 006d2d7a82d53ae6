package io.keywatch.tray;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@link TrayTestMain} in its own JVM on the test's X display, driven over stdin/stdout. */
final class TrayChild implements AutoCloseable {
    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path log;
    private final Path errors;

    TrayChild(String display, String language, Path log) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=false", "-Dui.language=" + language, "-Dfile.encoding=UTF-8",
                "-cp", cp, TrayTestMain.class.getName()));
        this.log = log;
        // Standard error apart: a stack trace printed meanwhile must not split a reply line on stdout.
        this.errors = log.resolveSibling(log.getFileName().toString().replace(".log", "") + ".err.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errors.toFile());
        pb.environment().put("DISPLAY", display);
        process = pb.start();
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); logWriter) {
                String line;
                while ((line = r.readLine()) != null) {
                    logWriter.write(line + "\n");
                    logWriter.flush();
                    if (line.startsWith(TrayTestMain.PREFIX)) {
                        String reply = line.substring(TrayTestMain.PREFIX.length());
                        if (reply.startsWith("launched ")) {
                            events.add(reply);
                        } else {
                            replies.add(reply);
                        }
                    }
                }
            } catch (IOException e) {
                replies.add("error child output: " + e);
            }
            replies.add("error child exited");
        }, "tray-child-reader");
        reader.setDaemon(true);
        reader.start();
        String ready = next();
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("child did not start: " + ready + " (see " + log + ")");
        }
    }

    /** Sends one command and returns its one reply. */
    String ask(String command) {
        in.println(command);
        return next();
    }

    private String next() {
        try {
            String r = replies.poll(XSession.WAIT.toSeconds(), TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("the tray child did not answer within " + XSession.WAIT.toSeconds()
                        + " s; its threads: " + threadDump());
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Asks until the reply satisfies {@code ok}; returns it, or fails with the last reply. */
    String awaitReply(String command, Predicate<String> ok) throws InterruptedException {
        String[] last = {null};
        try {
            XSession.awaitTrue("'" + command + "' to answer as expected", () -> {
                last[0] = ask(command);
                return ok.test(last[0]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
        return last[0];
    }

    /** The child's thread dump (jcmd), written next to its log: where a silent child is stuck. */
    private String threadDump() {
        if (!process.isAlive()) {
            return "(the child has exited: " + process.exitValue() + ")";
        }
        Path dump = log.resolveSibling("threads-" + System.currentTimeMillis() + ".txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            return jcmd.waitFor(30, TimeUnit.SECONDS) ? dump.toString() : "(jcmd timed out) " + dump;
        } catch (IOException e) {
            return "(no jcmd: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** What the child wrote to standard error so far. */
    String errors() throws IOException {
        return Files.exists(errors) ? Files.readString(errors, StandardCharsets.UTF_8) : "";
    }

    List<String> events() {
        return events;
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                in.println("quit");
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
