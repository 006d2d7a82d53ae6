package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.platform.HostFacts;
import io.keywatch.platform.HostFacts.ComRegistration;
import java.util.Optional;

/**
 * {@code bjca.installed}: BJCA's install path and version, and whether its COM component is one
 * 64-bit KeyWatch can use (Windows registry). A COM class registered for 32-bit programs only is the
 * more specific finding, so it speaks first: WARN while BJCA's local service answers (KeyWatch works
 * through it), FAIL when nothing answers (then nothing can reach BJCA), as for a missing install
 * record. {@code details.comRegistration} always carries the state where it applies.
 */
public final class BjcaInstalledCheck implements DoctorCheck {
    public static final String ID = "bjca.installed";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        HostFacts.Fact<HostFacts.BjcaInstall> fact = ctx.host().bjcaInstall();
        HostFacts.Fact<ComRegistration> com = ctx.host().bjcaComRegistration();
        if (!fact.applicable()) {
            return Words.skipped(ctx, ID, "notWindows");
        }
        if (com.value().equals(Optional.of(ComRegistration.ONLY_32_BIT))) {
            boolean answers = ctx.serviceAnswers();
            String variant = answers ? "only32Bit" : "only32BitNoService";
            return withCom(Words.withActions(ctx, ID, answers ? CheckState.WARN : CheckState.FAIL, variant,
                    answers ? ctx.check().bridge() : "-"), com);
        }
        if (fact.value().isEmpty()) {
            return withCom(Words.skippedBuilder(ctx, ID, "unknown", fact.problem().orElse("?")), com);
        }
        HostFacts.BjcaInstall install = fact.value().get();
        if (install.path().isEmpty() && install.version().isEmpty()) {
            // A service answering without an install record: a damaged or hand-copied install.
            boolean answers = ctx.serviceAnswers();
            return withCom(Words.withActions(ctx, ID, answers ? CheckState.WARN : CheckState.FAIL,
                    answers ? "unregistered" : "missing"), com);
        }
        return withCom(Words.outcome(ctx, ID, CheckState.OK, "ok", install.path().orElse("?"),
                        install.version().orElse("?"))
                .detail("path", install.path().orElse(null)).detail("version", install.version().orElse(null)), com);
    }

    /** {@code comRegistration}: the state, {@code UNKNOWN} (with {@code comRegistrationProblem}), or absent off Windows. */
    static CheckOutcome withCom(CheckOutcome.Builder b, HostFacts.Fact<ComRegistration> com) {
        if (com.applicable()) {
            b.detail("comRegistration", com.value().map(Enum::name).orElse("UNKNOWN"))
                    .detail("comRegistrationProblem", com.problem().orElse(null));
        }
        return b.build();
    }
}
