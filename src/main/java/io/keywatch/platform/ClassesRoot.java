package io.keywatch.platform;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import java.util.Optional;

/**
 * Whether a key exists under {@code HKEY_CLASSES_ROOT} (machine and user registrations merged) in the
 * 64-bit or the 32-bit ({@code WOW6432Node}) registry view. A port so the reading of COM registrations
 * is tested with a set; {@link #windows()} is one JNA call per lookup, and may throw (a caller on
 * another OS gets a {@link LinkageError}, an unreadable key a {@code Win32Exception}).
 */
interface ClassesRoot {

    enum View { BIT64, BIT32 }

    boolean exists(String path, View view);

    /** A string value of the key, empty when the key or the value is missing (or the value is not text). */
    default Optional<String> text(String path, String name, View view) {
        return Optional.empty();
    }

    static ClassesRoot windows() {
        return new ClassesRoot() {
            @Override
            public boolean exists(String path, View view) {
                return Advapi32Util.registryKeyExists(WinReg.HKEY_CLASSES_ROOT, path, flag(view));
            }

            @Override
            public Optional<String> text(String path, String name, View view) {
                if (!Advapi32Util.registryKeyExists(WinReg.HKEY_CLASSES_ROOT, path, flag(view))
                        || !Advapi32Util.registryValueExists(WinReg.HKEY_CLASSES_ROOT, path, name, flag(view))) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Advapi32Util.registryGetStringValue(WinReg.HKEY_CLASSES_ROOT, path, name,
                            flag(view)));
                } catch (RuntimeException e) {
                    return Optional.empty(); // not a string: COM could not use it either
                }
            }

            private int flag(View view) {
                return view == View.BIT64 ? WinNT.KEY_WOW64_64KEY : WinNT.KEY_WOW64_32KEY;
            }
        };
    }
}
