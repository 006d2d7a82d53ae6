package io.keywatch.core;

import java.time.Instant;
import java.util.Optional;

/**
 * The explanation of the softkey db's state, in facts; {@link Messages} turns it into words.
 *
 * @param verdict        what the facts mean
 * @param facts          the db file's facts
 * @param osInstalled    when this OS was installed, where the platform can tell
 * @param profileCreated when this user's profile folder was created, where the platform can tell
 * @param comparedWith   which reference time made the verdict {@code CARRIED_OVER}; empty otherwise
 * @param problem        for {@code UNREADABLE}: what went wrong (a system message, not translated)
 */
public record Diagnosis(Verdict verdict, DbFacts facts, Optional<Instant> osInstalled,
                        Optional<Instant> profileCreated, Optional<Reference> comparedWith,
                        Optional<String> problem) {

    /** The time the db's creation was compared with. */
    public enum Reference { OS_INSTALLED, PROFILE_CREATED }

    /**
     * Decides the verdict from the facts. A db created more than {@code slackSeconds} before the OS
     * install or the profile's creation cannot have been written by BJCA on this PC for this user.
     */
    public static Diagnosis of(DbFacts facts, Optional<Instant> osInstalled, Optional<Instant> profileCreated) {
        if (!facts.exists()) {
            return new Diagnosis(Verdict.MISSING, facts, osInstalled, profileCreated, Optional.empty(), Optional.empty());
        }
        Optional<Reference> ref = Optional.empty();
        if (facts.created().isPresent()) {
            Instant created = facts.created().get();
            if (osInstalled.isPresent() && created.isBefore(osInstalled.get().minusSeconds(SLACK_SECONDS))) {
                ref = Optional.of(Reference.OS_INSTALLED);
            } else if (profileCreated.isPresent() && created.isBefore(profileCreated.get().minusSeconds(SLACK_SECONDS))) {
                ref = Optional.of(Reference.PROFILE_CREATED);
            }
        }
        Verdict verdict = ref.isPresent() ? Verdict.CARRIED_OVER : Verdict.PRESENT;
        return new Diagnosis(verdict, facts, osInstalled, profileCreated, ref, Optional.empty());
    }

    public static Diagnosis unreadable(DbFacts facts, String problem, Optional<Instant> osInstalled,
                                       Optional<Instant> profileCreated) {
        return new Diagnosis(Verdict.UNREADABLE, facts, osInstalled, profileCreated, Optional.empty(),
                Optional.of(problem));
    }

    /** Clock skew and copy tools can shift times by a little; an hour is far below an image's age. */
    static final long SLACK_SECONDS = 3600;

    /** The reference time behind a {@code CARRIED_OVER} verdict. */
    public Optional<Instant> referenceTime() {
        return comparedWith.flatMap(r -> r == Reference.OS_INSTALLED ? osInstalled : profileCreated);
    }
}
