package io.keywatch.core;

import java.util.Objects;

/**
 * The most important thing wrong with this PC's BJCA set-up, as the doctor found it: the id of the
 * check that found it (fixed ids such as {@code cert.validity}, documented in README.md), how bad it
 * is, and one sentence each for what was found and what to do, already in the user's language.
 *
 * @param announce false when the nurse was already told today (an expiry reminder once a day per
 *                 certificate): {@code status} and fleet events still name it, the balloon does not
 */
public record Cause(String id, Level level, String summary, String action, boolean announce) {

    /** WARN: works today, act soon; FAIL: this is why it does not work. */
    public enum Level { WARN, FAIL }

    public Cause {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        summary = summary == null ? "" : summary;
        action = action == null ? "" : action;
    }

    public Cause silenced() {
        return new Cause(id, level, summary, action, false);
    }
}
