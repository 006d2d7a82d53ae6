package io.keywatch.core;

/** Process exit codes shared by every command; documented in README.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 2;
    public static final int UNAVAILABLE = 3;
    public static final int TIMEOUT = 4;
    /** A file operation on the softkey db or the quarantine was refused or failed; nothing changed. */
    public static final int FILE_ERROR = 5;

    private ExitCodes() {
    }
}
