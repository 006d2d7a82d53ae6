package io.keywatch.core;

/** What to do when the check fails: ask the user, reset without asking, or only report. */
public enum ResetPolicy { ASK, AUTO, NEVER }
