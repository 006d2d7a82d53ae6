package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.platform.HostFacts;

/**
 * {@code smartcard.service}: Windows' Smart Card service ({@code SCardSvr}) disabled. On Windows 8+
 * it is trigger-started and normally stopped while no reader is present: only Disabled is a fault.
 */
public final class SmartcardServiceCheck implements DoctorCheck {
    public static final String ID = "smartcard.service";
    static final String SERVICE = "SCardSvr";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        HostFacts.Fact<HostFacts.ServiceStart> start = ctx.host().serviceStart(SERVICE);
        if (!start.applicable()) {
            return Words.skipped(ctx, ID, "notWindows");
        }
        if (start.value().isEmpty()) {
            return Words.skipped(ctx, ID, "unknown", start.problem().orElse("?"));
        }
        HostFacts.ServiceStart s = start.value().get();
        if (s == HostFacts.ServiceStart.DISABLED) {
            return Words.withActions(ctx, ID, CheckState.FAIL, "disabled").detail("start", s.lower()).build();
        }
        return Words.outcome(ctx, ID, CheckState.OK, "ok", s.lower()).detail("start", s.lower()).build();
    }
}
