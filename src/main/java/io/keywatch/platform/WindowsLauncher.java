package io.keywatch.platform;

import io.keywatch.core.AppLauncher;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Starts the nursing app on Windows without elevation and without a shell.
 *
 * <p>{@link ProcessBuilder} uses {@code CreateProcess}, which never elevates: a program whose
 * manifest demands administrator rights fails with error 740 instead of showing a UAC prompt, and
 * KeyWatch (itself {@code asInvoker}) passes on only the user's own rights. Because nothing goes
 * through {@code ShellExecute}, files that only the shell knows how to open are refused up front with
 * a message that says what to configure instead: shortcuts ({@code .lnk}, {@code .url}) and scripts
 * ({@code .bat}, {@code .cmd}, {@code .ps1}, {@code .vbs}, ...). A batch file can still be run by
 * naming its interpreter explicitly, e.g. {@code ["C:\\Windows\\System32\\cmd.exe", "/c", "start.bat"]},
 * which makes the shell use a visible, deliberate choice.
 */
public final class WindowsLauncher implements AppLauncher {
    /** Files CreateProcess cannot start by themselves. */
    static final Set<String> SHELL_ONLY = Set.of(".lnk", ".url", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js",
            ".jse", ".wsf", ".wsh", ".msc", ".msi", ".appref-ms", ".html", ".htm");
    static final int ERROR_ELEVATION_REQUIRED = 740;
    static final int ERROR_DIRECTORY = 267;

    private final AppLauncher delegate;

    public WindowsLauncher() {
        this(new ProcessLauncher());
    }

    /** @param workingDir {@code nursingApp.workingDir}; empty: the program's own folder */
    public WindowsLauncher(java.util.Optional<java.nio.file.Path> workingDir) {
        this(new ProcessLauncher(workingDir));
    }

    WindowsLauncher(AppLauncher delegate) {
        this.delegate = delegate;
    }

    @Override
    public void launch(List<String> command) throws IOException {
        Optional<String> refusal = refusal(command);
        if (refusal.isPresent()) {
            throw new IOException(refusal.get());
        }
        try {
            delegate.launch(command);
        } catch (IOException e) {
            throw explain(e, command.get(0));
        }
    }

    /** Why {@code command} cannot be started without a shell, or empty when it can. */
    static Optional<String> refusal(List<String> command) {
        if (command.isEmpty() || command.get(0).isBlank()) {
            return Optional.of("nursingApp.command is empty: give the program (.exe) and its arguments as a list");
        }
        String program = command.get(0);
        String name = program.replace('/', '\\');
        name = name.substring(name.lastIndexOf('\\') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot);
        if (ext.equals(".lnk") || ext.equals(".url") || ext.equals(".appref-ms")) {
            return Optional.of("'" + program + "' is a shortcut, which only the Windows shell can open; configure"
                    + " the shortcut's target program instead (shortcut > Properties > Target) as nursingApp.command");
        }
        if (SHELL_ONLY.contains(ext)) {
            return Optional.of("'" + program + "' is a " + ext + " file, which needs a script host or the shell;"
                    + " name the program that runs it explicitly, e.g. [\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"/c\", \""
                    + program.replace("\\", "\\\\") + "\"] for a batch file");
        }
        return Optional.empty();
    }

    /** Turns CreateProcess's "error=740" and "error=2" into words that say what to do. */
    static IOException explain(IOException e, String program) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("error=" + ERROR_ELEVATION_REQUIRED)) {
            return new IOException("'" + program + "' asks for administrator rights (its manifest requires elevation);"
                    + " KeyWatch never elevates. Ask IT to install or configure the app so it runs as a normal user", e);
        }
        if (m.contains("error=" + ERROR_DIRECTORY + ",")) {
            return new IOException("'" + program + "' cannot start in its working folder (Windows error 267);"
                    + " check nursingApp.workingDir, or remove it to start the program in its own folder", e);
        }
        if (m.contains("error=2,") || m.contains("error=3,")) {
            return new IOException("'" + program + "' was not found; check nursingApp.command (use the full path)", e);
        }
        return e;
    }
}
