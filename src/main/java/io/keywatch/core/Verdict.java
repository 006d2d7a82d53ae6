package io.keywatch.core;

/** What the softkey db's facts mean. */
public enum Verdict {
    /** No db: BJCA creates a fresh one on its next run. */
    MISSING,
    /** Created before this PC (or this user's profile) existed: carried over from a system image. */
    CARRIED_OVER,
    /** Present and nothing suspicious in its dates. */
    PRESENT,
    /** Present but it cannot be read (locked, permissions) or is not a regular file (link, junction). */
    UNREADABLE
}
