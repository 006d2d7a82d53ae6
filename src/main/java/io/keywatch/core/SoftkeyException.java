package io.keywatch.core;

/** A refused or failed operation on the softkey db or the quarantine. Nothing was changed. */
public class SoftkeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The db (or the restore target) does not exist / is already there. */
        NOT_FOUND, ALREADY_EXISTS,
        /** A symbolic link, junction or other non-regular file. */
        NOT_A_REGULAR_FILE,
        /** The path is not inside the BJCA folder. */
        OUTSIDE_BJCA_FOLDER,
        /** Another process holds the file open (e.g. BJCA or the nursing app). */
        LOCKED,
        /** Permissions, disk full or another I/O error. */
        IO,
        /** The quarantined copy's digest no longer matches the journal. */
        CORRUPT_QUARANTINE,
        /** Unknown quarantine id or an entry that was already restored. */
        UNKNOWN_ID
    }

    private final Reason reason;

    public SoftkeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SoftkeyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
