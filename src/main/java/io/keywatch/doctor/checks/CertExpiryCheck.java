package io.keywatch.doctor.checks;

import io.keywatch.doctor.CertFacts;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code cert.expiry}: from the certificate's dates ({@code SOF_GetCertInfo} 11/12): FAIL when
 * expired or not yet valid, WARN within {@code doctor.expiryWarnDays} (60) days of the end — the
 * day itself counts: 60 days left warns, 61 does not.
 */
public final class CertExpiryCheck implements DoctorCheck {
    public static final String ID = "cert.expiry";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        if (!ctx.serviceAnswers()) {
            return Words.skipped(ctx, ID, "noService");
        }
        List<CertFacts> certs = ctx.certificates();
        if (certs.isEmpty()) {
            return Words.skipped(ctx, ID, "noKey");
        }
        return Words.worstOf(ID, certs.stream().map(c -> one(ctx, c)).toList());
    }

    /** Whole days from now until {@code until}, rounded down (0 on its last day). */
    static long daysLeft(Instant now, Instant until) {
        return Duration.between(now, until).toDays();
    }

    private CheckOutcome one(DoctorContext ctx, CertFacts c) {
        if (c.validUntil().isEmpty()) {
            return Words.outcome(ctx, ID, CheckState.SKIPPED, "noDate", c.holder(), c.problem().orElse("?"))
                    .detail("certId", c.certId()).build();
        }
        Instant now = ctx.now();
        Instant until = c.validUntil().get();
        String untilText = Words.date(ctx, until);
        CheckOutcome.Builder b;
        if (now.isAfter(until)) {
            b = Words.withActions(ctx, ID, CheckState.FAIL, "expired", c.holder(), untilText);
        } else if (c.validFrom().isPresent() && now.isBefore(c.validFrom().get())) {
            b = Words.withActions(ctx, ID, CheckState.FAIL, "notYetValid", c.holder(),
                    Words.date(ctx, c.validFrom().get()));
        } else {
            long days = daysLeft(now, until);
            b = days <= ctx.settings().expiryWarnDays()
                    ? Words.withActions(ctx, ID, CheckState.WARN, "soon", c.holder(), untilText, days)
                    : Words.outcome(ctx, ID, CheckState.OK, "ok", c.holder(), untilText, days);
            b.detail("daysLeft", days);
        }
        return b.detail("certId", c.certId()).detail("holder", c.holder())
                .detail("validFrom", c.validFrom().map(Instant::toString).orElse(null))
                .detail("validUntil", until.toString()).detail("serial", c.serial().orElse(null))
                .detail("reminderKey", c.key()).build();
    }
}
