package io.keywatch.platform;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where BJCA's certificate assistant lives: {@code <InstallPath>\BjcaCertAide\}, with {@code InstallPath}
 * from {@code HKLM\SOFTWARE\WOW6432Node\BJCA} (reference/bjca-xtx.md). Pure over {@link RegistryReader}.
 */
public final class BjcaInstall {
    public static final String REGISTRY_KEY = "SOFTWARE\\WOW6432Node\\BJCA";
    public static final String INSTALL_PATH = "InstallPath";
    public static final String ASSISTANT_FOLDER = "BjcaCertAide";

    /** The assistant's folder, or why it is not known ({@code problem}: plain text for logs and messages). */
    public record AssistantFolder(Optional<Path> folder, String problem) {
        static AssistantFolder unknown(String problem) {
            return new AssistantFolder(Optional.empty(), problem);
        }
    }

    private BjcaInstall() {
    }

    public static AssistantFolder assistantFolder(Optional<RegistryReader> registry) {
        if (registry.isEmpty()) {
            return AssistantFolder.unknown("no Windows registry on this system");
        }
        Object value;
        try {
            value = registry.get().values(REGISTRY_KEY).get(INSTALL_PATH);
        } catch (RegistryReader.RegistryException e) {
            return AssistantFolder.unknown(e.getMessage());
        }
        if (!(value instanceof String s) || s.isBlank()) {
            return AssistantFolder.unknown("HKLM\\" + REGISTRY_KEY + "\\" + INSTALL_PATH + " is not set");
        }
        try {
            return new AssistantFolder(Optional.of(Path.of(registry.get().expand(s.trim())).resolve(ASSISTANT_FOLDER)), "");
        } catch (InvalidPathException e) {
            return AssistantFolder.unknown("HKLM\\" + REGISTRY_KEY + "\\" + INSTALL_PATH + " is not a path: " + s);
        }
    }
}
