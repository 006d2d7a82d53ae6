package io.keywatch.doctor.checks;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;

/**
 * {@code pin.retries}: {@code SOF_GetPinRetryCount(certID)}, which costs no try: 0 left is FAIL ("PIN
 * locked: call IT"), 1 or 2 is WARN, a negative answer (an error such as -8 for a bad cert id) is
 * SKIPPED with the code: it says nothing about the PIN. A PIN is never tried.
 */
public final class PinRetriesCheck implements DoctorCheck {
    public static final String ID = "pin.retries";
    /** At or below this many tries left, warn. */
    public static final int LOW = 2;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        if (!ctx.serviceAnswers()) {
            return Words.skipped(ctx, ID, "noService");
        }
        if (ctx.users().isEmpty()) {
            return Words.skipped(ctx, ID, "noKey");
        }
        return Words.worstOf(ID, ctx.users().stream().map(u -> one(ctx, u)).toList());
    }

    private CheckOutcome one(DoctorContext ctx, KeyUser u) {
        int left;
        try {
            left = ctx.client().pinRetryCount(u.certId());
        } catch (XtxException e) {
            return Words.outcome(ctx, ID, CheckState.SKIPPED, "error", u.name(), e.getMessage())
                    .detail("certId", u.certId()).build();
        }
        CheckOutcome.Builder b;
        if (left < 0) {
            b = Words.outcome(ctx, ID, CheckState.SKIPPED, "error", u.name(), left);
        } else if (left == 0) {
            b = Words.withActions(ctx, ID, CheckState.FAIL, "locked", u.name());
        } else if (left <= LOW) {
            b = Words.withActions(ctx, ID, CheckState.WARN, "low", u.name(), left);
        } else {
            b = Words.outcome(ctx, ID, CheckState.OK, "ok", u.name(), left);
        }
        return b.detail("certId", u.certId()).detail("holder", u.name()).detail("triesLeft", left).build();
    }
}
