package io.keywatch.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One check of the BJCA environment, with everything a person needs to understand it.
 *
 * @param status    OK / FAILED / UNAVAILABLE / TIMEOUT
 * @param diagnosis the softkey db's facts and verdict (always present: it explains a FAILED)
 * @param users     certificates on the key(s) present, when the service told us
 * @param version   the BJCA component version, when the service told us
 * @param bridge    which bridge answered (websocket, http, com)
 * @param reason    for UNAVAILABLE / TIMEOUT: what went wrong; for FAILED, why when BJCA's reply did not
 *                  say false itself (e.g. it carried no value); system text, not translated
 * @param at        when the check finished
 * @param cause     what the doctor's key checks found most important, where they ran (the tray)
 */
public record CheckResult(CheckStatus status, Diagnosis diagnosis, List<KeyUser> users, Optional<String> version,
                          String bridge, Optional<String> reason, Instant at, Optional<Cause> cause) {

    public CheckResult {
        users = List.copyOf(users);
        cause = cause == null ? Optional.empty() : cause;
    }

    /** A check without the doctor's cause (the CLI's {@code check}, tests). */
    public CheckResult(CheckStatus status, Diagnosis diagnosis, List<KeyUser> users, Optional<String> version,
                       String bridge, Optional<String> reason, Instant at) {
        this(status, diagnosis, users, version, bridge, reason, at, Optional.empty());
    }

    public CheckResult withCause(Optional<Cause> c) {
        return new CheckResult(status, diagnosis, users, version, bridge, reason, at, c);
    }

    public boolean ok() {
        return status == CheckStatus.OK;
    }

    /**
     * BJCA answered false and there is no db: after a reset, BJCA has not rebuilt its environment yet
     * (the assistant is the next step); on a key insertion, the db is simply gone.
     */
    public boolean notRebuiltYet() {
        return status == CheckStatus.FAILED && diagnosis.verdict() == Verdict.MISSING;
    }

    /** The first certificate holder's name, the one a nurse recognises as "her" key. */
    public Optional<String> userName() {
        return users.stream().map(KeyUser::name).filter(n -> !n.isBlank()).findFirst();
    }
}
