package io.keywatch.usb;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinDef;

/**
 * How the Win32 calls of the device-notification window report failure, read the way their
 * contracts say: {@code RegisterClassEx} returns an ATOM that is 0 on failure (never null in JNA: an
 * ATOM is a number), and the error code is the one JNA saved right after the native call
 * ({@link Native#getLastError()}): calling {@code Kernel32.GetLastError()} afterwards is a second
 * native call, and the JVM may have made Win32 calls of its own in between that reset the value.
 */
final class Win32Results {
    private Win32Results() {
    }

    /** {@code RegisterClassEx} succeeded: a non-zero class atom. */
    static boolean registered(WinDef.ATOM atom) {
        return atom != null && atom.intValue() != 0;
    }

    /** Clears the saved error before a call whose failure is detected by its result, not by the error alone. */
    static void clearLastError() {
        Native.setLastError(0);
    }

    /** "RegisterClassEx failed, error 1410": the code JNA preserved for this thread after the call. */
    static String failure(String call) {
        return failure(call, Native.getLastError());
    }

    static String failure(String call, int error) {
        return call + " failed, error " + error;
    }
}
