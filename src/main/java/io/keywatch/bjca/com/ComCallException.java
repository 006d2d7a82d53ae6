package io.keywatch.bjca.com;

import java.util.Locale;

/** A COM call that failed with an HRESULT (0 when the failure had none, e.g. COM is not available). */
final class ComCallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int hresult;
    private final boolean only32Bit;

    ComCallException(int hresult, String message) {
        this(hresult, message, false);
    }

    /** @param only32Bit creating failed because XTXAppCOM is registered for 32-bit programs only */
    ComCallException(int hresult, String message, boolean only32Bit) {
        super(message);
        this.hresult = hresult;
        this.only32Bit = only32Bit;
    }

    ComCallException(int hresult, String message, Throwable cause) {
        super(message, cause);
        this.hresult = hresult;
        this.only32Bit = false;
    }

    int hresult() {
        return hresult;
    }

    boolean only32Bit() {
        return only32Bit;
    }

    /** {@code 0x80040154} style, as Microsoft documents HRESULTs. */
    static String hex(int hresult) {
        return String.format(Locale.ROOT, "0x%08X", hresult);
    }
}
