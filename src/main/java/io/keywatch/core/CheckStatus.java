package io.keywatch.core;

/** Outcome of one BJCA environment check; the CLI exit code follows from it. */
public enum CheckStatus {
    /** {@code CheckSoftDeviceEnv()} returned true. */
    OK(ExitCodes.OK),
    /** {@code CheckSoftDeviceEnv()} returned false: the incident. */
    FAILED(ExitCodes.CHECK_FAILED),
    /** The BJCA service could not be reached or answered garbage. */
    UNAVAILABLE(ExitCodes.UNAVAILABLE),
    /** The BJCA service did not answer within the configured timeout. */
    TIMEOUT(ExitCodes.TIMEOUT);

    private final int exitCode;

    CheckStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
