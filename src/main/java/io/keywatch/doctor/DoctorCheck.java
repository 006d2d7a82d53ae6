package io.keywatch.doctor;

/**
 * One cause of "no key detected": a fixed id (documented in README.md), one question about this PC.
 * A new cause is one class, its test and its bundle keys. {@link #run} never throws on purpose; the
 * doctor turns an unexpected exception into SKIPPED with the error.
 */
public interface DoctorCheck {
    String id();

    CheckOutcome run(DoctorContext ctx);
}
