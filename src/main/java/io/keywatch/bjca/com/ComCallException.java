package io.keywatch.bjca.com;

import java.util.Locale;

/** A COM call that failed with an HRESULT (0 when the failure had none, e.g. COM is not available). */
final class ComCallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int hresult;

    ComCallException(int hresult, String message) {
        super(message);
        this.hresult = hresult;
    }

    ComCallException(int hresult, String message, Throwable cause) {
        super(message, cause);
        this.hresult = hresult;
    }

    int hresult() {
        return hresult;
    }

    /** {@code 0x80040154} style, as Microsoft documents HRESULTs. */
    static String hex(int hresult) {
        return String.format(Locale.ROOT, "0x%08X", hresult);
    }
}
