package io.keywatch.core;

/** What a key source knows after an event: a key arrived, left, or "something changed" (BJCA's push). */
public enum KeyPresence { PRESENT, ABSENT, UNKNOWN }
