package io.keywatch.doctor.checks;

import io.keywatch.core.CheckResult;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.doctor.Repair;

/**
 * {@code softkey.db}: {@code CheckSoftDeviceEnv()} with today's diagnosis of {@code bjca_softkey.db};
 * the one cause KeyWatch repairs itself (a journalled, restorable move), without admin rights.
 */
public final class SoftkeyDbCheck implements DoctorCheck {
    public static final String ID = "softkey.db";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        if (!ctx.serviceAnswers()) {
            return Words.skipped(ctx, ID, "noService");
        }
        CheckResult r = ctx.check();
        String explained = ctx.messages().explain(r.diagnosis());
        CheckOutcome.Builder b = r.ok() ? Words.outcome(ctx, ID, CheckState.OK, "ok", explained)
                : Words.withActions(ctx, ID, CheckState.FAIL, "failed", explained).repair(Repair.SOFTKEY_RESET);
        return b.detail("checkSoftDeviceEnv", r.ok()).detail("verdict", r.diagnosis().verdict().name())
                .detail("path", r.diagnosis().facts().path().toString())
                .detail("created", r.diagnosis().facts().created().map(Object::toString).orElse(null)).build();
    }
}
