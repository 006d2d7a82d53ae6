package io.keywatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How to start this KeyWatch again (for the autostart entry): the packaged launcher, or java -jar. */
final class SelfCommand {
    private SelfCommand() {
    }

    static List<String> tray() {
        // jpackage sets this to the native launcher; it carries its own JVM options.
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher != null && !launcher.isBlank()) {
            return List.of(launcher, "tray");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        Optional<Path> jar = jarPath();
        if (jar.isPresent()) {
            cmd.add("-jar");
            cmd.add(jar.get().toString());
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
        }
        cmd.add("tray");
        return List.copyOf(cmd);
    }

    private static Optional<Path> jarPath() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
