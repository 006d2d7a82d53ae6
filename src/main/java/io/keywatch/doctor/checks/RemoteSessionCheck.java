package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.platform.HostFacts;

/**
 * {@code session.remote}: a remote or thin-client session, so a key plugged into the terminal is not
 * on this PC. FAIL when BJCA sees no key from here, WARN when it does (USB redirection works).
 */
public final class RemoteSessionCheck implements DoctorCheck {
    public static final String ID = "session.remote";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        HostFacts.Fact<Boolean> remote = ctx.host().remoteSession();
        if (!remote.applicable()) {
            return Words.skipped(ctx, ID, "notWindows");
        }
        if (remote.value().isEmpty()) {
            return Words.skipped(ctx, ID, "unknown", remote.problem().orElse("?"));
        }
        if (!remote.value().get()) {
            return Words.outcome(ctx, ID, CheckState.OK, "local").detail("remote", false).build();
        }
        boolean keySeen = ctx.serviceAnswers() && !ctx.users().isEmpty();
        return Words.withActions(ctx, ID, keySeen ? CheckState.WARN : CheckState.FAIL,
                keySeen ? "remoteWithKey" : "remote").detail("remote", true).build();
    }
}
