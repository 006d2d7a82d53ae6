package io.keywatch.platform;

import java.util.List;
import java.util.Objects;

/**
 * What KeyWatch hands to {@code ShellExecuteEx} to start BJCA's assistant with the user's consent to
 * elevation: verb {@code runas}, the program, its arguments as one string quoted the way Windows
 * programs split it again ({@code CommandLineToArgvW} rules), and the program's own folder as working
 * directory. Pure: built and tested on any OS.
 */
public record ShellExecuteRequest(String verb, String file, String parameters, String directory) {
    /** The shell's "run as administrator" verb: Windows shows its consent prompt for this program only. */
    public static final String RUN_AS = "runas";

    public ShellExecuteRequest {
        Objects.requireNonNull(verb);
        Objects.requireNonNull(file);
        Objects.requireNonNull(parameters);
        Objects.requireNonNull(directory);
    }

    /** {@code runas} for {@code command} (program, then arguments); the working directory is the program's folder. */
    public static ShellExecuteRequest runAs(List<String> command) {
        return of(RUN_AS, command);
    }

    static ShellExecuteRequest of(String verb, List<String> command) {
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("no program to start");
        }
        String file = command.get(0);
        StringBuilder params = new StringBuilder();
        for (String arg : command.subList(1, command.size())) {
            if (params.length() > 0) {
                params.append(' ');
            }
            params.append(quote(arg));
        }
        return new ShellExecuteRequest(verb, file, params.toString(), folderOf(file));
    }

    /** The folder part of a Windows path ("" when it has none). */
    static String folderOf(String file) {
        int cut = Math.max(file.lastIndexOf('\\'), file.lastIndexOf('/'));
        if (cut < 0) {
            return "";
        }
        // "C:\x.exe" keeps its root ("C:\"), "\\server\share\x.exe" its share.
        return cut == 2 && file.charAt(1) == ':' ? file.substring(0, 3) : file.substring(0, cut);
    }

    /**
     * One argument quoted so that {@code CommandLineToArgvW} (and the MSVC runtime) gives it back unchanged:
     * quotes only when needed; backslashes doubled only where they precede a quote.
     */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '"'
                || c == '\u000b')) {
            return arg;
        }
        StringBuilder b = new StringBuilder("\"");
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                b.append("\\".repeat(backslashes * 2 + 1)).append('"');
            } else {
                b.append("\\".repeat(backslashes)).append(c);
            }
            backslashes = 0;
        }
        // Before the closing quote every backslash is doubled.
        b.append("\\".repeat(backslashes * 2)).append('"');
        return b.toString();
    }
}
