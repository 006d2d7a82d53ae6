package io.keywatch.platform;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files of BJCA's install that KeyWatch uses, under {@code InstallPath} from
 * {@code HKLM\SOFTWARE\WOW6432Node\BJCA} (reference/bjca-xtx.md): the certificate assistant's folder
 * {@code <InstallPath>\BjcaCertAide\} and the TLS service's trust file {@code <InstallPath>\Program\trust.pem}.
 * Pure over {@link RegistryReader}.
 */
public final class BjcaInstall {
    public static final String REGISTRY_KEY = "SOFTWARE\\WOW6432Node\\BJCA";
    public static final String INSTALL_PATH = "InstallPath";
    public static final String ASSISTANT_FOLDER = "BjcaCertAide";
    /** {@code <InstallPath>\Program\trust.pem}: the certificate BJCA's own TLS service presents chains to it. */
    public static final String TRUST_FOLDER = "Program";
    public static final String TRUST_FILE = "trust.pem";

    /** The assistant's folder, or why it is not known ({@code problem}: plain text for logs and messages). */
    public record AssistantFolder(Optional<Path> folder, String problem) {
        static AssistantFolder unknown(String problem) {
            return new AssistantFolder(Optional.empty(), problem);
        }
    }

    private BjcaInstall() {
    }

    public static AssistantFolder assistantFolder(Optional<RegistryReader> registry) {
        InstallPath install = installPath(registry);
        return install.path().map(p -> new AssistantFolder(Optional.of(p.resolve(ASSISTANT_FOLDER)), ""))
                .orElseGet(() -> AssistantFolder.unknown(install.problem()));
    }

    /**
     * The default TLS trust for BJCA's service: the install's {@code Program\trust.pem} when that file
     * exists, else empty (then the service's certificate is pinned on first use). Empty off Windows,
     * without {@code InstallPath}, and when the registry cannot be read: the pin is the safe fallback.
     */
    public static Optional<Path> trustFile(Optional<RegistryReader> registry) {
        return installPath(registry).path().map(p -> p.resolve(TRUST_FOLDER).resolve(TRUST_FILE))
                .filter(Files::isRegularFile);
    }

    /** {@code InstallPath}, expanded, or why it is not known. */
    private record InstallPath(Optional<Path> path, String problem) {
        static InstallPath unknown(String problem) {
            return new InstallPath(Optional.empty(), problem);
        }
    }

    private static InstallPath installPath(Optional<RegistryReader> registry) {
        if (registry.isEmpty()) {
            return InstallPath.unknown("no Windows registry on this system");
        }
        Object value;
        try {
            value = registry.get().values(REGISTRY_KEY).get(INSTALL_PATH);
        } catch (RegistryReader.RegistryException e) {
            return InstallPath.unknown(e.getMessage());
        }
        if (!(value instanceof String s) || s.isBlank()) {
            return InstallPath.unknown("HKLM\\" + REGISTRY_KEY + "\\" + INSTALL_PATH + " is not set");
        }
        try {
            return new InstallPath(Optional.of(Path.of(registry.get().expand(s.trim()))), "");
        } catch (InvalidPathException e) {
            return InstallPath.unknown("HKLM\\" + REGISTRY_KEY + "\\" + INSTALL_PATH + " is not a path: " + s);
        }
    }
}
