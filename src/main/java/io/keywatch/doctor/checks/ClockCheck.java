package io.keywatch.doctor.checks;

import io.keywatch.doctor.CertFacts;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code clock}: the PC's clock is implausible. Evidence, each with a day's slack (time zones, a
 * certificate issued this morning): now is before this OS was installed, before the key's
 * certificate was issued, or before the softkey db was last written. A clock that is only wrong
 * forward cannot be told from a late date and is not judged.
 */
public final class ClockCheck implements DoctorCheck {
    public static final String ID = "clock";
    static final Duration SLACK = Duration.ofDays(1);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        Instant now = ctx.now();
        String today = Words.date(ctx, now);
        Optional<Instant> installed = ctx.osInstalled();
        if (installed.isPresent() && now.plus(SLACK).isBefore(installed.get())) {
            return wrong(ctx, "beforeInstall", today, installed.get());
        }
        for (CertFacts c : ctx.certificates()) {
            if (c.validFrom().isPresent() && now.plus(SLACK).isBefore(c.validFrom().get())) {
                return wrong(ctx, "beforeCertificate", today, c.validFrom().get());
            }
        }
        Optional<Instant> written = ctx.check().diagnosis().facts().modified();
        if (written.isPresent() && now.plus(SLACK).isBefore(written.get())) {
            return wrong(ctx, "beforeFile", today, written.get());
        }
        return Words.outcome(ctx, ID, CheckState.OK, "ok", today).detail("now", now.toString())
                .detail("osInstalled", installed.map(Instant::toString).orElse(null)).build();
    }

    private static CheckOutcome wrong(DoctorContext ctx, String variant, String today, Instant evidence) {
        String when = Words.date(ctx, evidence);
        return Words.withActions(ctx, ID, CheckState.FAIL, variant, today, when)
                .detail("now", ctx.now().toString()).detail("evidence", evidence.toString()).build();
    }
}
