package io.keywatch.bjca.com;

import io.keywatch.core.XtxException;

/** Which {@link XtxException.Kind} an HRESULT means, and words for the ones IT staff will meet. */
final class ComErrors {
    static final int REGDB_E_CLASSNOTREG = 0x80040154;
    static final int CO_E_CLASSSTRING = 0x800401F3;
    static final int CO_E_SERVER_EXEC_FAILURE = 0x80080005;
    static final int E_ACCESSDENIED = 0x80070005;
    static final int RPC_E_DISCONNECTED = 0x80010108;
    static final int RPC_E_SERVER_DIED = 0x80010007;
    static final int RPC_E_SERVER_DIED_DNE = 0x80010012;
    static final int RPC_S_SERVER_UNAVAILABLE = 0x800706BA;
    static final int RPC_S_CALL_FAILED = 0x800706BE;
    static final int RPC_E_CALL_REJECTED = 0x80010001;
    static final int RPC_E_SERVERCALL_RETRYLATER = 0x8001010A;
    static final int DISP_E_UNKNOWNNAME = 0x80020006;
    static final int DISP_E_MEMBERNOTFOUND = 0x80020003;
    static final int DISP_E_EXCEPTION = 0x80020009;
    static final int DISP_E_TYPEMISMATCH = 0x80020005;
    static final int DISP_E_BADPARAMCOUNT = 0x8002000E;
    static final int CONNECT_E_NOCONNECTION = 0x80040200;
    static final int E_NOINTERFACE = 0x80004002;

    private ComErrors() {
    }

    /**
     * Creating the object failing means the component is missing or broken: UNAVAILABLE.
     * A call failing because the server went away is UNAVAILABLE too; a call the object rejected
     * (unknown member, bad arguments, an exception inside BJCA) is a PROTOCOL problem.
     */
    static XtxException.Kind kindOf(int hresult, boolean creating) {
        if (creating) {
            return XtxException.Kind.UNAVAILABLE;
        }
        return switch (hresult) {
            case RPC_E_DISCONNECTED, RPC_E_SERVER_DIED, RPC_E_SERVER_DIED_DNE, RPC_S_SERVER_UNAVAILABLE,
                    RPC_S_CALL_FAILED, RPC_E_CALL_REJECTED, RPC_E_SERVERCALL_RETRYLATER, CO_E_SERVER_EXEC_FAILURE,
                    E_ACCESSDENIED, 0 -> XtxException.Kind.UNAVAILABLE;
            default -> XtxException.Kind.PROTOCOL;
        };
    }

    /** A short explanation for the HRESULTs that have a well-known meaning here, else empty. */
    static String explain(int hresult) {
        return switch (hresult) {
            case REGDB_E_CLASSNOTREG, CO_E_CLASSSTRING ->
                    "the BJCA COM component (XTXAppCOM) is not registered on this PC";
            case CO_E_SERVER_EXEC_FAILURE -> "the BJCA COM server could not be started";
            case E_ACCESSDENIED -> "access to the BJCA COM component was denied";
            case RPC_E_DISCONNECTED, RPC_E_SERVER_DIED, RPC_E_SERVER_DIED_DNE, RPC_S_SERVER_UNAVAILABLE,
                    RPC_S_CALL_FAILED -> "the BJCA COM server went away";
            case RPC_E_CALL_REJECTED, RPC_E_SERVERCALL_RETRYLATER -> "the BJCA COM server is busy";
            case DISP_E_UNKNOWNNAME, DISP_E_MEMBERNOTFOUND -> "this BJCA version does not offer the function";
            case DISP_E_EXCEPTION -> "the BJCA component raised an error";
            case DISP_E_TYPEMISMATCH, DISP_E_BADPARAMCOUNT -> "the BJCA component rejected the arguments";
            case CONNECT_E_NOCONNECTION, E_NOINTERFACE -> "the BJCA component offers no event interface";
            default -> "";
        };
    }

    /** "GetDeviceCount failed: the BJCA COM server went away (HRESULT 0x800706BA: detail)". */
    static String describe(String what, ComCallException e) {
        String meaning = e.only32Bit() ? BjcaComRegistration.ONLY_32_BIT_REASON : explain(e.hresult());
        StringBuilder b = new StringBuilder(what).append(" failed: ");
        if (!meaning.isEmpty()) {
            b.append(meaning).append(' ');
        }
        b.append('(');
        if (e.hresult() != 0) {
            b.append("HRESULT ").append(ComCallException.hex(e.hresult())).append(": ");
        }
        return b.append(e.getMessage()).append(')').toString();
    }

    /**
     * The caller's exception for a failure on the apartment thread: a COM error by its HRESULT,
     * JNA's missing native libraries as UNAVAILABLE, anything else as UNAVAILABLE while creating and
     * PROTOCOL for a call.
     */
    static XtxException toXtx(String what, Throwable cause, boolean creating) {
        if (cause instanceof XtxException x) {
            return x;
        }
        if (cause instanceof ComCallException c) {
            return new XtxException(kindOf(c.hresult(), creating), describe(what, c), c);
        }
        if (cause instanceof LinkageError) {
            // jna could not load ole32/oleaut32: not Windows, or a broken JNA native library.
            return new XtxException(XtxException.Kind.UNAVAILABLE, what + " failed: COM is not available here ("
                    + cause + ")", cause);
        }
        return new XtxException(creating ? XtxException.Kind.UNAVAILABLE : XtxException.Kind.PROTOCOL,
                what + " failed: " + cause, cause);
    }
}
