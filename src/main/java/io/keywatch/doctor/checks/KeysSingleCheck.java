package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;

/**
 * {@code keys.single}: more than one key plugged in, so BJCA (and the nursing app) may pick the wrong
 * one. From {@code GetDeviceCount()} and the distinct key serials in {@code SOF_GetUserList} (WARN).
 */
public final class KeysSingleCheck implements DoctorCheck {
    public static final String ID = "keys.single";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        if (!ctx.serviceAnswers()) {
            return Words.skipped(ctx, ID, "noService");
        }
        int keys = Math.max(ctx.deviceCount().orElse(0), ctx.keysByCertId());
        if (keys == 0) {
            return Words.skipped(ctx, ID, "noKey");
        }
        if (keys > 1) {
            return Words.withActions(ctx, ID, CheckState.WARN, "several", keys).detail("keys", keys).build();
        }
        return Words.outcome(ctx, ID, CheckState.OK, "one").detail("keys", 1).build();
    }
}
