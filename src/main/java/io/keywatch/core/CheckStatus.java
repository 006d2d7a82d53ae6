package io.keywatch.core;

/** Outcome of one BJCA environment check; the CLI exit code follows from it. */
public enum CheckStatus {
    /** {@code CheckSoftDeviceEnv()} returned true. */
    OK(0),
    /** {@code CheckSoftDeviceEnv()} returned false: the incident. */
    FAILED(1),
    /** The BJCA service could not be reached or answered garbage. */
    UNAVAILABLE(3),
    /** The BJCA service did not answer within the configured timeout. */
    TIMEOUT(4);

    private final int exitCode;

    CheckStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
