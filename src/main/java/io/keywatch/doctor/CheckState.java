package io.keywatch.doctor;

/** A doctor check's outcome; names are part of the {@code doctor --json} contract. */
public enum CheckState {
    /** Nothing wrong here. */
    OK,
    /** Works today, but act soon (expiry near, PIN tries low, a second key). */
    WARN,
    /** This is why it does not work. */
    FAIL,
    /** Not applicable on this PC, or it could not be determined (the details say why). */
    SKIPPED
}
