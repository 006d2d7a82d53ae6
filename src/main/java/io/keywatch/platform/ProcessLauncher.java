package io.keywatch.platform;

import io.keywatch.core.AppLauncher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Starts a program from an argument list with {@link ProcessBuilder}: no shell, no elevation, no waiting.
 *
 * <p>The program starts in its own folder, as a shortcut's "Start in" would have it: KeyWatch's own
 * working directory is whatever started it (from the Run key usually {@code C:\Windows\System32}),
 * and older HIS clients read their configuration and DLLs relative to the working directory.
 * {@code nursingApp.workingDir} names another folder.
 */
public final class ProcessLauncher implements AppLauncher {
    private final Optional<Path> configuredDir;

    public ProcessLauncher() {
        this(Optional.empty());
    }

    /** @param configuredDir {@code nursingApp.workingDir}; empty means the program's own folder */
    public ProcessLauncher(Optional<Path> configuredDir) {
        this.configuredDir = configuredDir;
    }

    @Override
    public void launch(List<String> command) throws IOException {
        if (command.isEmpty()) {
            throw new IOException("empty command");
        }
        if (configuredDir.isPresent() && !Files.isDirectory(configuredDir.get())) {
            throw new IOException("nursingApp.workingDir '" + configuredDir.get() + "' is not a folder;"
                    + " name an existing folder, or remove the key to start the program in its own folder");
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        workingDirectory(command.get(0), configuredDir.map(Path::toString), ProcessLauncher::isFolder)
                .ifPresent(d -> pb.directory(new File(d)));
        pb.start();
    }

    /**
     * The folder the program starts in: the configured one, else the folder of an absolute program
     * path ({@code C:\HIS\his.exe}, {@code \\server\share\his.exe}, {@code /opt/his/his}) when it
     * exists; empty (KeyWatch's own) for a bare name found on PATH or a relative path, which Windows
     * resolves against KeyWatch's directory anyway. Pure string logic, so Windows paths are tested on
     * any OS.
     */
    static Optional<String> workingDirectory(String program, Optional<String> configured,
                                             java.util.function.Predicate<String> isFolder) {
        if (configured.isPresent()) {
            return configured;
        }
        return programFolder(program).filter(isFolder);
    }

    private static boolean isFolder(String path) {
        try {
            return Files.isDirectory(Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The folder of an absolute program path, with the root's separator kept ({@code C:\}); else empty. */
    static Optional<String> programFolder(String program) {
        boolean drive = program.length() >= 3 && Character.isLetter(program.charAt(0)) && program.charAt(1) == ':'
                && (program.charAt(2) == '\\' || program.charAt(2) == '/');
        boolean unc = program.startsWith("\\\\") || program.startsWith("//");
        boolean posix = program.startsWith("/") && !unc;
        if (!drive && !unc && !posix) {
            return Optional.empty();
        }
        int slash = Math.max(program.lastIndexOf('\\'), program.lastIndexOf('/'));
        if (drive && slash == 2) {
            return Optional.of(program.substring(0, 3)); // C:\his.exe runs in C:\
        }
        if (posix && slash == 0) {
            return Optional.of("/");
        }
        if (unc && program.chars().filter(c -> c == '\\' || c == '/').count() < 4) {
            return Optional.empty(); // \\server\his.exe: no share, so no folder
        }
        return Optional.of(program.substring(0, slash));
    }
}
