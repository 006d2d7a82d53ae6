package io.keywatch.doctor.checks;

import io.keywatch.core.XtxException;
import io.keywatch.doctor.Bounded;
import io.keywatch.doctor.CertFacts;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * {@code cert.validity}: is each certificate on the key valid now? {@code SOF_ValidateCert} below 0
 * is FAIL with the reason in words (-1 untrusted, -2 expired, -3 revoked, -4 frozen, -5 not yet
 * valid); its validity dates are checked too, so an expired certificate is named even by a service
 * that validates only the chain.
 *
 * <p>A revocation check that could not reach the network is WARN, not "revoked": it shows as the
 * call not finishing within {@code doctor.validateTimeoutMs} (BJCA waiting on a CRL/OCSP host), or
 * as -6 ("other") while the certificate's own dates are fine — the only other thing -6 can be is a
 * failure to get revocation data, since a bad chain, expiry or revocation each have their own code.
 */
public final class CertValidityCheck implements DoctorCheck {
    public static final String ID = "cert.validity";

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

    private CheckOutcome one(DoctorContext ctx, CertFacts c) {
        if (!c.readable()) {
            return Words.outcome(ctx, ID, CheckState.SKIPPED, "unreadable", c.holder(), c.problem().orElse("?"))
                    .detail("certId", c.certId()).build();
        }
        Instant now = ctx.now();
        String until = c.validUntil().map(t -> Words.date(ctx, t)).orElse("?");
        String from = c.validFrom().map(t -> Words.date(ctx, t)).orElse("?");
        boolean expired = c.validUntil().map(now::isAfter).orElse(false);
        boolean early = c.validFrom().map(now::isBefore).orElse(false);
        Integer code = null;
        String variant;
        CheckState state;
        try {
            code = Bounded.call(ctx.settings().validateTimeout(), () -> ctx.client().validateCert(c.cert()));
            variant = switch (code) {
                case 0 -> expired ? "expired" : early ? "notYetValid" : "ok";
                case -1 -> "untrusted";
                case -2 -> "expired";
                case -3 -> "revoked";
                case -4 -> "frozen";
                case -5 -> "notYetValid";
                case -6 -> expired ? "expired" : early ? "notYetValid" : "unverified";
                default -> code > 0 ? "ok" : "other";
            };
        } catch (TimeoutException e) {
            variant = expired ? "expired" : early ? "notYetValid" : "unverifiedTimeout";
        } catch (XtxException e) {
            variant = e.kind() == XtxException.Kind.TIMEOUT ? "unverifiedTimeout"
                    : expired ? "expired" : early ? "notYetValid" : "error";
        } catch (Exception e) {
            variant = "error";
        }
        state = switch (variant) {
            case "ok" -> CheckState.OK;
            case "unverified", "unverifiedTimeout" -> CheckState.WARN;
            case "error" -> CheckState.SKIPPED;
            default -> CheckState.FAIL;
        };
        long seconds = Math.max(1, ctx.settings().validateTimeout().toSeconds());
        Object[] args = {c.holder(), until, from, code == null ? "?" : code, seconds};
        CheckOutcome.Builder b = state == CheckState.OK || state == CheckState.SKIPPED
                ? Words.outcome(ctx, ID, state, variant, args) : Words.withActions(ctx, ID, state, variant, args);
        return b.detail("certId", c.certId()).detail("holder", c.holder()).detail("validateCert", code)
                .detail("validUntil", c.validUntil().map(Instant::toString).orElse(null))
                .detail("serial", c.serial().orElse(null)).build();
    }
}
