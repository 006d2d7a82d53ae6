package io.keywatch.platform;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;

/**
 * Whether a key exists under {@code HKEY_CLASSES_ROOT} (machine and user registrations merged) in the
 * 64-bit or the 32-bit ({@code WOW6432Node}) registry view. A port so the reading of COM registrations
 * is tested with a set; {@link #windows()} is one JNA call per lookup, and may throw (a caller on
 * another OS gets a {@link LinkageError}, an unreadable key a {@code Win32Exception}).
 */
interface ClassesRoot {

    enum View { BIT64, BIT32 }

    boolean exists(String path, View view);

    static ClassesRoot windows() {
        return (path, view) -> Advapi32Util.registryKeyExists(WinReg.HKEY_CLASSES_ROOT, path,
                view == View.BIT64 ? WinNT.KEY_WOW64_64KEY : WinNT.KEY_WOW64_32KEY);
    }
}
