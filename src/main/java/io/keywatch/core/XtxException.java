package io.keywatch.core;

/** A BJCA call that did not produce a usable answer. The kind decides the check status. */
public class XtxException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Service not reachable, connection refused or dropped. */
        UNAVAILABLE,
        /** No reply within the timeout. */
        TIMEOUT,
        /** A reply arrived but could not be understood (garbage, wrong type, error field). */
        PROTOCOL
    }

    private final Kind kind;

    public XtxException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public XtxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
