package io.keywatch.assistant;

import io.keywatch.platform.BjcaInstall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds BJCA's certificate assistant (证书助手). {@code bjca.assistantCommand}, when configured, wins;
 * otherwise the one {@code .exe} in {@code <InstallPath>\BjcaCertAide\}. BJCA does not publish the
 * assistant's file name, so the rule ({@link #pick}) never guesses between two plausible programs:
 * <ol>
 *   <li>candidates: regular files directly in that folder whose name ends in {@code .exe};</li>
 *   <li>helpers are dropped: names starting with {@code unins} or containing {@code uninst}, {@code setup},
 *       {@code install}, {@code update}, {@code upgrade}, {@code crash}, {@code report}, {@code vcredist};</li>
 *   <li>one left: that one. Several: the one whose name contains {@code aide} or {@code 助手}, if exactly
 *       one does. Otherwise nothing is started and the message asks IT to set {@code bjca.assistantCommand}.</li>
 * </ol>
 */
public final class AssistantLocator {
    static final List<String> HELPER_WORDS = List.of("uninst", "setup", "install", "update", "upgrade", "crash",
            "report", "vcredist");

    /** The outcome of a look-up. */
    public sealed interface Lookup permits Found, Missing { }

    /** @param from {@code config} or the folder the program was found in */
    public record Found(List<String> command, String from) implements Lookup {
        public Found {
            command = List.copyOf(command);
        }

        public String program() {
            return command.get(0);
        }
    }

    /** Why no assistant can be started: a message key of the {@code assistant.missing.*} family and its arguments. */
    public record Missing(String messageKey, List<String> args) implements Lookup {
        public Missing {
            args = List.copyOf(args);
        }
    }

    private AssistantLocator() {
    }

    /**
     * @param configured {@code bjca.assistantCommand} (empty: not configured)
     * @param windows    whether a program must be a Windows {@code .exe} (what the shell elevates)
     * @param install    where the BJCA install says its assistant is
     */
    public static Lookup locate(List<String> configured, boolean windows, BjcaInstall.AssistantFolder install) {
        if (!configured.isEmpty()) {
            return configured(configured, windows);
        }
        if (install.folder().isEmpty()) {
            return new Missing("assistant.missing.noInstall", List.of(install.problem()));
        }
        Path folder = install.folder().get();
        if (!Files.isDirectory(folder)) {
            return new Missing("assistant.missing.noFolder", List.of(folder.toString()));
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> f.getFileName().toString()).sorted().forEach(names::add);
        } catch (IOException | RuntimeException e) {
            return new Missing("assistant.missing.unreadable", List.of(folder.toString(), String.valueOf(e.getMessage())));
        }
        List<String> picked = pick(names);
        if (picked.size() == 1) {
            return new Found(List.of(folder.resolve(picked.get(0)).toString()), folder.toString());
        }
        return picked.isEmpty() ? new Missing("assistant.missing.noExe", List.of(folder.toString()))
                : new Missing("assistant.missing.ambiguous", List.of(folder.toString(), String.join(", ", picked)));
    }

    /** The rule of the class comment: one name, or the candidates left when the rule cannot decide. */
    static List<String> pick(List<String> fileNames) {
        List<String> exes = fileNames.stream().filter(n -> lower(n).endsWith(".exe"))
                .filter(n -> !isHelper(n)).toList();
        if (exes.size() <= 1) {
            return exes;
        }
        List<String> named = exes.stream().filter(n -> lower(n).contains("aide") || n.contains("助手")).toList();
        return named.size() == 1 ? named : exes;
    }

    static boolean isHelper(String name) {
        String n = lower(name);
        return n.startsWith("unins") || HELPER_WORDS.stream().anyMatch(n::contains);
    }

    private static Lookup configured(List<String> command, boolean windows) {
        String program = command.get(0);
        if (windows && !lower(program).endsWith(".exe")) {
            return new Missing("assistant.missing.notExe", List.of(program));
        }
        try {
            Path p = Path.of(program);
            if (p.isAbsolute() && !Files.isRegularFile(p)) {
                return new Missing("assistant.missing.configuredNotFound", List.of(program));
            }
        } catch (InvalidPathException e) {
            return new Missing("assistant.missing.configuredNotFound", List.of(program));
        }
        return new Found(command, "config");
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
