package io.keywatch.platform;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinDef;

/**
 * How Win32 calls report failure, read the way their contracts say: {@code RegisterClassEx} returns
 * an ATOM that is 0 on failure (never null in JNA: an ATOM is a number), and the error code is the
 * one JNA saved right after the native call ({@link Native#getLastError()}): calling
 * {@code Kernel32.GetLastError()} (or jna-platform's last-error message helper, which does) afterwards
 * is a second native call, and the JVM may have made Win32 calls of its own in between that reset
 * the value. For every Windows adapter (usb, platform, bjca).
 */
public final class Win32Results {
    private Win32Results() {
    }

    /** {@code RegisterClassEx} succeeded: a non-zero class atom. */
    public static boolean registered(WinDef.ATOM atom) {
        return atom != null && atom.intValue() != 0;
    }

    /** Clears the saved error before a call whose failure is detected by its result, not by the error alone. */
    public static void clearLastError() {
        Native.setLastError(0);
    }

    /** "RegisterClassEx failed, error 1410": the code JNA preserved for this thread after the call. */
    public static String failure(String call) {
        return failure(call, Native.getLastError());
    }

    /** The same with Windows' own words for the code, for messages people read (the Event Log's, say). */
    public static String describedFailure(String call) {
        int code = Native.getLastError();
        String text;
        try {
            text = Kernel32Util.formatMessage(code).trim();
        } catch (RuntimeException | LinkageError e) {
            text = "";
        }
        return text.isEmpty() ? failure(call, code) : failure(call, code) + " (" + text + ")";
    }

    static String failure(String call, int error) {
        return call + " failed, error " + error;
    }
}
