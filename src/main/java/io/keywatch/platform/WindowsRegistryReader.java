package io.keywatch.platform;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinReg;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link RegistryReader} over jna-platform's {@link Advapi32Util}; thin on purpose. Windows only. */
final class WindowsRegistryReader implements RegistryReader {

    static Optional<RegistryReader> open() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return Optional.empty();
        }
        return Optional.of(new WindowsRegistryReader());
    }

    @Override
    public Map<String, Object> values(String path) throws RegistryException {
        try {
            if (!Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, path)) {
                return Map.of();
            }
            return Advapi32Util.registryGetValues(WinReg.HKEY_LOCAL_MACHINE, path);
        } catch (Win32Exception e) {
            throw failure(path, e);
        }
    }

    @Override
    public List<String> subKeys(String path) throws RegistryException {
        try {
            if (!Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, path)) {
                return List.of();
            }
            return Arrays.asList(Advapi32Util.registryGetKeys(WinReg.HKEY_LOCAL_MACHINE, path));
        } catch (Win32Exception e) {
            throw failure(path, e);
        }
    }

    @Override
    public String expand(String value) {
        try {
            return Kernel32Util.expandEnvironmentStrings(value);
        } catch (Win32Exception e) {
            return value;
        }
    }

    private static RegistryException failure(String path, Win32Exception e) {
        String what = e.getErrorCode() == WinError.ERROR_ACCESS_DENIED ? "access denied" : e.getMessage();
        return new RegistryException("HKLM\\" + path + ": " + what, e);
    }
}
