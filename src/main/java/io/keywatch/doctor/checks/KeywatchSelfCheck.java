package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code keywatch.self}: KeyWatch's own integrations on this PC — the bridge in use, the Event Log
 * source, the CDS archive, plus what the caller adds (device notifications, autostart, policies
 * read). A report for IT, not a cause: always OK, the details say what works; a "false" there tells
 * what to look at on the first real PC.
 */
public final class KeywatchSelfCheck implements DoctorCheck {
    public static final String ID = "keywatch.self";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("bridge", ctx.serviceAnswers() ? ctx.check().bridge() : null);
        ctx.host().eventLogSourceRegistered().value().ifPresent(v -> facts.put("eventLogSourceRegistered", v));
        facts.put("cdsArchiveInUse", System.getProperty("java.vm.info", "").contains("sharing"));
        facts.putAll(ctx.selfFacts());
        long working = facts.values().stream().filter(v -> Boolean.TRUE.equals(v)).count();
        long known = facts.values().stream().filter(v -> v instanceof Boolean).count();
        CheckOutcome.Builder b = Words.outcome(ctx, ID, CheckState.OK, "ok",
                facts.get("bridge") == null ? "-" : facts.get("bridge"), working, known);
        facts.forEach(b::detail);
        return b.build();
    }
}
