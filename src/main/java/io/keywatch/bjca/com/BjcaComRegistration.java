package io.keywatch.bjca.com;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether BJCA's {@code XTXAppCOM.XTXApp} class is registered where KeyWatch's 64-bit JVM can use it.
 *
 * <p>BJCA installs under {@code WOW6432Node}; an old client may register only the x86
 * {@code XTXAppCOM.dll}. A 64-bit process cannot load a 32-bit DLL in-process, so
 * {@code CoCreateInstance} fails with {@code REGDB_E_CLASSNOTREG} although the class "is" registered:
 * {@code HKCR\WOW6432Node\CLSID\{3F367B74-...}} (the 32-bit view) is present and the 64-bit view
 * {@code HKCR\CLSID\{3F367B74-...}} is absent. A 32-bit registration with a {@code LocalServer32}
 * (an EXE server), or a 32-bit DLL whose {@code AppID} names a {@code DllSurrogate} (COM loads it
 * into a 32-bit {@code dllhost.exe}), still works: COM starts it out of process and the bridge asks
 * for {@code CLSCTX_LOCAL_SERVER} too. The decision ({@link #decide}) is pure;
 * {@link #check()} reads the two registry views on Windows. {@code keywatch doctor} shows the state.
 */
public final class BjcaComRegistration {
    private static final Logger log = LoggerFactory.getLogger(BjcaComRegistration.class);

    /** The bridge's reason when the class is registered for 32-bit programs only (logs, status; English). */
    static final String ONLY_32_BIT_REASON = "BJCA's COM component XTXAppCOM is registered for 32-bit programs only"
            + " (HKCR\\WOW6432Node\\CLSID\\" + ComXtxClient.CLSID + " present, the 64-bit HKCR\\CLSID entry absent),"
            + " which 64-bit KeyWatch cannot load; using BJCA's WebSocket/HTTP service instead."
            + " IT: install BJCA's 64-bit client (or its COM server), or run BJCA's local service";

    /** What the registry says about XTXAppCOM for a 64-bit process. */
    public enum State {
        /** In the 64-bit view: the COM bridge can create it. */
        REGISTERED,
        /**
         * Only in the 32-bit view, as an EXE server or a DLL in a surrogate: COM starts it out of
         * process; the bridge can use it.
         */
        ONLY_32_BIT_LOCAL_SERVER,
        /** Only in the 32-bit view, as a DLL: a 64-bit JVM cannot load it; the COM bridge cannot work. */
        ONLY_32_BIT,
        /** In neither view: BJCA's COM component is not installed. */
        NOT_REGISTERED,
        /** Not Windows, or the registry could not be read. */
        UNKNOWN
    }

    /**
     * The registry facts: the CLSID key in each view, whether the 32-bit one names an EXE server, and
     * whether its {@code AppID} names a {@code DllSurrogate}.
     */
    record Facts(boolean view64, boolean view32, boolean localServer32, boolean surrogate32) {
    }

    private BjcaComRegistration() {
    }

    static State decide(Facts f) {
        if (f.view64()) {
            return State.REGISTERED;
        }
        if (f.view32()) {
            return f.localServer32() || f.surrogate32() ? State.ONLY_32_BIT_LOCAL_SERVER : State.ONLY_32_BIT;
        }
        return State.NOT_REGISTERED;
    }

    /**
     * Reads both registry views (Windows only, a few registry reads, never creates anything); for
     * {@code keywatch doctor} and the COM bridge's reason when creating the object fails.
     */
    public static State check() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return State.UNKNOWN;
        }
        try {
            String key = "CLSID\\" + ComXtxClient.CLSID;
            boolean view64 = Advapi32Util.registryKeyExists(WinReg.HKEY_CLASSES_ROOT, key, WinNT.KEY_WOW64_64KEY);
            boolean view32 = Advapi32Util.registryKeyExists(WinReg.HKEY_CLASSES_ROOT, key, WinNT.KEY_WOW64_32KEY);
            boolean local32 = view32 && Advapi32Util.registryKeyExists(WinReg.HKEY_CLASSES_ROOT,
                    key + "\\LocalServer32", WinNT.KEY_WOW64_32KEY);
            return decide(new Facts(view64, view32, local32, view32 && !local32 && surrogate32(key)));
        } catch (RuntimeException | LinkageError e) {
            log.debug("BJCA COM registration unknown: {}", e.toString());
            return State.UNKNOWN;
        }
    }

    /** The 32-bit CLSID's {@code AppID} value, and that AppID's {@code DllSurrogate} value (empty: the system's). */
    private static boolean surrogate32(String clsidKey) {
        int wow32 = WinNT.KEY_WOW64_32KEY;
        try {
            if (!Advapi32Util.registryValueExists(WinReg.HKEY_CLASSES_ROOT, clsidKey, "AppID", wow32)) {
                return false;
            }
            String appId = Advapi32Util.registryGetStringValue(WinReg.HKEY_CLASSES_ROOT, clsidKey, "AppID", wow32);
            String appKey = "AppID\\" + appId.strip();
            return Advapi32Util.registryKeyExists(WinReg.HKEY_CLASSES_ROOT, appKey, wow32)
                    && Advapi32Util.registryValueExists(WinReg.HKEY_CLASSES_ROOT, appKey, "DllSurrogate", wow32);
        } catch (RuntimeException e) {
            log.debug("BJCA COM AppID not readable: {}", e.toString());
            return false; // an AppID that is not a string: no surrogate COM could use either
        }
    }

    /** {@code REGDB_E_CLASSNOTREG} and friends: worth asking whether a 32-bit registration is the reason. */
    static boolean mayBe32BitOnly(int hresult) {
        return hresult == ComErrors.REGDB_E_CLASSNOTREG || hresult == ComErrors.CO_E_CLASSSTRING;
    }
}
