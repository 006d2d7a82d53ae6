package io.keywatch.doctor;

/** What the tray window can do about a check itself, without administrator rights. */
public enum Repair {
    /** Move the stale {@code bjca_softkey.db} into the quarantine and check again. */
    SOFTKEY_RESET
}
