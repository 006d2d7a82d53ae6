package io.keywatch.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The arguments of a plain tray start, {@code [--config FILE | --config=FILE] [-v | --verbose] [tray]}:
 * what the autostart entry and the Start menu run. No logger here: {@link Main#main} decides with
 * this before logging starts, so the tray's AWT warm-up is not held up by it.
 */
record TrayStart(Optional<Path> configFile, boolean verbose) {

    /**
     * The arguments as a plain tray start, or empty for anything else (another command, help, a
     * repeated or incomplete option): picocli parses those and reports errors in full.
     */
    static Optional<TrayStart> parse(String... args) {
        Optional<Path> config = Optional.empty();
        boolean verbose = false;
        boolean trayNamed = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") && i + 1 < args.length && config.isEmpty()) {
                config = Optional.of(Path.of(args[++i]));
            } else if (a.startsWith("--config=") && a.length() > "--config=".length() && config.isEmpty()) {
                config = Optional.of(Path.of(a.substring("--config=".length())));
            } else if ((a.equals("-v") || a.equals("--verbose")) && !verbose) {
                verbose = true;
            } else if (a.equals("tray") && !trayNamed) {
                trayNamed = true;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new TrayStart(config, verbose));
    }
}
