package io.keywatch.platform;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Start at login through the per-user {@code HKCU\Software\Microsoft\Windows\CurrentVersion\Run}
 * value {@code KeyWatch} (no admin rights needed; the MSI writes the same value).
 *
 * <p>Task Manager's "Startup" tab disables an entry without deleting it, by writing a flag under
 * {@code ...\Explorer\StartupApproved\Run}; {@link #isEnabled()} honours that flag, and
 * {@link #enable} clears it, because someone asking to turn autostart on means it.
 */
public final class WindowsRunKeyAutostart implements Autostart {
    public static final String RUN_KEY = "Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    public static final String APPROVED_KEY = "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run";
    public static final String VALUE_NAME = "KeyWatch";

    /** The few registry operations autostart needs, on HKCU; a map in tests. */
    interface UserRegistry {
        Optional<String> getString(String key, String name) throws IOException;

        Optional<byte[]> getBinary(String key, String name) throws IOException;

        void setString(String key, String name, String value) throws IOException;

        void delete(String key, String name) throws IOException;
    }

    private final UserRegistry registry;

    public WindowsRunKeyAutostart() {
        this(new Hkcu());
    }

    WindowsRunKeyAutostart(UserRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean isEnabled() throws IOException {
        Optional<String> value = registry.getString(RUN_KEY, VALUE_NAME);
        if (value.isEmpty() || value.get().isBlank()) {
            return false;
        }
        return startupApproved(registry.getBinary(APPROVED_KEY, VALUE_NAME).orElse(null));
    }

    @Override
    public void enable(List<String> command) throws IOException {
        if (command.isEmpty()) {
            throw new IOException("autostart needs a command, got an empty one");
        }
        registry.setString(RUN_KEY, VALUE_NAME, commandLine(command));
        Optional<byte[]> approved = registry.getBinary(APPROVED_KEY, VALUE_NAME);
        if (approved.isPresent() && !startupApproved(approved.get())) {
            registry.delete(APPROVED_KEY, VALUE_NAME);
        }
    }

    @Override
    public void disable() throws IOException {
        registry.delete(RUN_KEY, VALUE_NAME);
    }

    @Override
    public String location() {
        return "HKCU\\" + RUN_KEY + "\\" + VALUE_NAME;
    }

    /**
     * Explorer's StartupApproved flag: absent, or a first byte with the low bit clear (02, 06) means
     * enabled; a low bit set (03, 01) means the user disabled the entry in Task Manager.
     */
    static boolean startupApproved(byte[] flag) {
        return flag == null || flag.length == 0 || (flag[0] & 1) == 0;
    }

    /**
     * Joins arguments into one Windows command line that {@code CommandLineToArgvW} (and the C runtime)
     * splits back into exactly these arguments: arguments with spaces, tabs or quotes are quoted,
     * embedded quotes escaped, and backslashes doubled only where they precede a quote.
     */
    static String commandLine(List<String> args) {
        return args.stream().map(WindowsRunKeyAutostart::quote).collect(Collectors.joining(" "));
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '"')) {
            return arg;
        }
        StringBuilder b = new StringBuilder("\"");
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
            } else if (c == '"') {
                b.append("\\".repeat(backslashes * 2 + 1)).append('"');
                backslashes = 0;
            } else {
                b.append("\\".repeat(backslashes)).append(c);
                backslashes = 0;
            }
        }
        // Backslashes before the closing quote must be doubled, or they would escape it.
        b.append("\\".repeat(backslashes * 2));
        return b.append('"').toString();
    }

    /** The real HKCU through jna-platform. */
    private static final class Hkcu implements UserRegistry {
        @Override
        public Optional<String> getString(String key, String name) throws IOException {
            try {
                if (!Advapi32Util.registryValueExists(WinReg.HKEY_CURRENT_USER, key, name)) {
                    return Optional.empty();
                }
                Object v = Advapi32Util.registryGetValue(WinReg.HKEY_CURRENT_USER, key, name);
                return v instanceof String s ? Optional.of(s) : Optional.empty();
            } catch (Win32Exception e) {
                throw new IOException("cannot read HKCU\\" + key + "\\" + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<byte[]> getBinary(String key, String name) throws IOException {
            try {
                if (!Advapi32Util.registryKeyExists(WinReg.HKEY_CURRENT_USER, key)
                        || !Advapi32Util.registryValueExists(WinReg.HKEY_CURRENT_USER, key, name)) {
                    return Optional.empty();
                }
                Object v = Advapi32Util.registryGetValue(WinReg.HKEY_CURRENT_USER, key, name);
                return v instanceof byte[] bytes ? Optional.of(bytes) : Optional.empty();
            } catch (Win32Exception e) {
                throw new IOException("cannot read HKCU\\" + key + "\\" + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void setString(String key, String name, String value) throws IOException {
            try {
                if (!Advapi32Util.registryKeyExists(WinReg.HKEY_CURRENT_USER, key)) {
                    Advapi32Util.registryCreateKey(WinReg.HKEY_CURRENT_USER, key);
                }
                Advapi32Util.registrySetStringValue(WinReg.HKEY_CURRENT_USER, key, name, value);
            } catch (Win32Exception e) {
                throw new IOException("cannot write HKCU\\" + key + "\\" + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void delete(String key, String name) throws IOException {
            try {
                if (Advapi32Util.registryKeyExists(WinReg.HKEY_CURRENT_USER, key)
                        && Advapi32Util.registryValueExists(WinReg.HKEY_CURRENT_USER, key, name)) {
                    Advapi32Util.registryDeleteValue(WinReg.HKEY_CURRENT_USER, key, name);
                }
            } catch (Win32Exception e) {
                throw new IOException("cannot delete HKCU\\" + key + "\\" + name + ": " + e.getMessage(), e);
            }
        }
    }
}
