package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.platform.HostFacts;

/** {@code bjca.installed}: BJCA's install path and version (Windows registry). */
public final class BjcaInstalledCheck implements DoctorCheck {
    public static final String ID = "bjca.installed";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        HostFacts.Fact<HostFacts.BjcaInstall> fact = ctx.host().bjcaInstall();
        if (!fact.applicable()) {
            return Words.skipped(ctx, ID, "notWindows");
        }
        if (fact.value().isEmpty()) {
            return Words.skipped(ctx, ID, "unknown", fact.problem().orElse("?"));
        }
        HostFacts.BjcaInstall install = fact.value().get();
        if (install.path().isEmpty() && install.version().isEmpty()) {
            // A service answering without an install record: a damaged or hand-copied install.
            boolean answers = ctx.serviceAnswers();
            return Words.withActions(ctx, ID, answers ? CheckState.WARN : CheckState.FAIL,
                    answers ? "unregistered" : "missing").build();
        }
        return Words.outcome(ctx, ID, CheckState.OK, "ok", install.path().orElse("?"), install.version().orElse("?"))
                .detail("path", install.path().orElse(null)).detail("version", install.version().orElse(null))
                .build();
    }
}
