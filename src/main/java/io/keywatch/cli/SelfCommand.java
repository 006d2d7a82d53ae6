package io.keywatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How to start this KeyWatch again (for the autostart entry): the packaged launcher, or java -jar. */
final class SelfCommand {
    /** The windowless Windows launcher; keywatch-cli.exe beside it is the console one. */
    static final String WINDOWS_TRAY_LAUNCHER = "KeyWatch.exe";

    private SelfCommand() {
    }

    static List<String> tray() {
        // jpackage sets this to the native launcher that started the JVM; it carries its own JVM options.
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher != null && !launcher.isBlank()) {
            return List.of(trayLauncher(launcher), "tray");
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

    /**
     * The launcher the tray starts with, given the one running now ({@code jpackage.app-path}). On
     * Windows that is always {@value #WINDOWS_TRAY_LAUNCHER} in the same folder, whichever launcher
     * ran: {@code keywatch-cli.exe autostart on} (as the README says) must not register the console
     * launcher, which would open a console window at every logon and end the tray when it is closed.
     * Elsewhere (one launcher, no console distinction) the path stays as it is.
     */
    static String trayLauncher(String appPath) {
        if (!appPath.toLowerCase(java.util.Locale.ROOT).endsWith(".exe")) {
            return appPath;
        }
        int slash = Math.max(appPath.lastIndexOf('\\'), appPath.lastIndexOf('/'));
        return appPath.substring(0, slash + 1) + WINDOWS_TRAY_LAUNCHER;
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
