package io.keywatch.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only access to {@code HKEY_LOCAL_MACHINE}, as plain Java values, so the code deciding what the
 * values mean (policy, user profiles, BJCA's install path) is tested with a map on any OS.
 *
 * <p>Values come as JNA's {@code Advapi32Util.registryGetValues} gives them: {@code String} for REG_SZ
 * and REG_EXPAND_SZ (not expanded), {@code Integer} for REG_DWORD, {@code Long} for REG_QWORD,
 * {@code String[]} for REG_MULTI_SZ, {@code byte[]} for REG_BINARY.
 */
public interface RegistryReader {

    /** The values directly under {@code HKLM\<path>}; empty when the key does not exist. */
    Map<String, Object> values(String path) throws RegistryException;

    /** The names of the sub-keys of {@code HKLM\<path>}; empty when the key does not exist. */
    List<String> subKeys(String path) throws RegistryException;

    /** Expands {@code %SystemDrive%} and the like as the system would. */
    String expand(String value);

    /** The reader for this machine's registry: present on Windows only. */
    static Optional<RegistryReader> forThisMachine() {
        return WindowsRegistryReader.open();
    }

    /** The key exists but cannot be read (permissions, a damaged hive). */
    final class RegistryException extends Exception {
        private static final long serialVersionUID = 1L;

        public RegistryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
