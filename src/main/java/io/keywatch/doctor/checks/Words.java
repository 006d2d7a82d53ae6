package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorContext;
import java.time.Instant;

/**
 * The bundle keys of a check: {@code doctor.<id>.<variant>} is the summary,
 * {@code ...<variant>.user} what the nurse can do, {@code ...<variant>.it} what IT should do.
 */
final class Words {
    private Words() {
    }

    static CheckOutcome.Builder outcome(DoctorContext ctx, String id, CheckState state, String variant, Object... args) {
        return CheckOutcome.of(id, state).summary(ctx.messages().get("doctor." + id + "." + variant, args))
                .detail("variant", variant);
    }

    static String user(DoctorContext ctx, String id, String variant, Object... args) {
        return ctx.messages().get("doctor." + id + "." + variant + ".user", args);
    }

    static String it(DoctorContext ctx, String id, String variant, Object... args) {
        return ctx.messages().get("doctor." + id + "." + variant + ".it", args);
    }

    /** A summary, the nurse's and IT's action, all from {@code variant}'s keys with the same arguments. */
    static CheckOutcome.Builder withActions(DoctorContext ctx, String id, CheckState state, String variant,
                                            Object... args) {
        return outcome(ctx, id, state, variant, args).forUser(user(ctx, id, variant, args))
                .forIt(it(ctx, id, variant, args));
    }

    static String date(DoctorContext ctx, Instant t) {
        return java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(t.atZone(ctx.settings().zone()));
    }

    /** Shared SKIPPED outcomes: "BJCA does not answer", "no key". */
    static CheckOutcome skipped(DoctorContext ctx, String id, String commonVariant, Object... args) {
        return skippedBuilder(ctx, id, commonVariant, args).build();
    }

    /** {@link #skipped}, open for more details. */
    static CheckOutcome.Builder skippedBuilder(DoctorContext ctx, String id, String commonVariant, Object... args) {
        return CheckOutcome.of(id, CheckState.SKIPPED)
                .summary(ctx.messages().get("doctor.skipped." + commonVariant, args))
                .detail("variant", commonVariant);
    }

    /**
     * One outcome for several certificates: the worst one (the first of equal rank) speaks, and
     * {@code certificates} lists each with its status.
     */
    static CheckOutcome worstOf(String id, java.util.List<CheckOutcome> outcomes) {
        CheckOutcome worst = null;
        java.util.List<java.util.Map<String, Object>> each = new java.util.ArrayList<>();
        for (CheckOutcome o : outcomes) {
            java.util.Map<String, Object> d = new java.util.LinkedHashMap<>(o.details());
            d.put("status", o.status().name());
            each.add(d);
            if (worst == null || rank(o.status()) > rank(worst.status())) {
                worst = o;
            }
        }
        CheckOutcome.Builder b = CheckOutcome.of(id, worst.status()).summary(worst.summary())
                .forUser(worst.forUser()).forIt(worst.forIt());
        worst.details().forEach(b::detail);
        return b.detail("certificates", each).build();
    }

    /** Rank for the worst of several outcomes (several certificates): FAIL, WARN, OK, SKIPPED. */
    static int rank(CheckState s) {
        return switch (s) {
            case FAIL -> 3;
            case WARN -> 2;
            case OK -> 1;
            case SKIPPED -> 0;
        };
    }
}
