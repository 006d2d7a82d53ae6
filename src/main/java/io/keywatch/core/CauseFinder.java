package io.keywatch.core;

import java.util.Optional;

/**
 * Port to the doctor's key checks: given a finished environment check (its users, its status), finds
 * the most important cause, if any. Runs on the caller's thread (the watchdog's), so it must bound
 * every call it makes and keep what cannot change while a key stays in. Never throws.
 */
@FunctionalInterface
public interface CauseFinder {
    Optional<Cause> find(CheckResult result);
}
