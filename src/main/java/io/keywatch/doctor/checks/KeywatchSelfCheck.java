package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.platform.HostFacts;
import io.keywatch.platform.HostFacts.ComRegistration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code keywatch.self}: KeyWatch's own integrations on this PC — the bridge in use and why
 * ({@code bridgeReason}, with BJCA's COM registration), the Event Log source, the CDS archive, plus
 * what the caller adds (the {@code bjca.bridge} setting, session events, device notifications,
 * autostart, policies read). A report for IT, not a cause: always OK, the details say what works; a
 * "false" there tells what to look at on the first real PC.
 */
public final class KeywatchSelfCheck implements DoctorCheck {
    public static final String ID = "keywatch.self";
    /** The caller's fact naming the configured {@code bjca.bridge}; {@code auto} when absent. */
    public static final String BRIDGE_SETTING = "bridgeSetting";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        Map<String, Object> self = ctx.selfFacts();
        String bridge = ctx.serviceAnswers() ? ctx.check().bridge() : null;
        HostFacts.Fact<ComRegistration> com = ctx.host().bjcaComRegistration();
        String setting = String.valueOf(self.getOrDefault(BRIDGE_SETTING, "auto"));
        String reason = bridgeReason(setting, bridge, com.value());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("bridge", bridge);
        facts.put("bridgeReason", reason);
        if (com.applicable()) {
            facts.put("comRegistration", com.value().map(Enum::name).orElse("UNKNOWN"));
        }
        ctx.host().eventLogSourceRegistered().value().ifPresent(v -> facts.put("eventLogSourceRegistered", v));
        facts.put("cdsArchiveInUse", System.getProperty("java.vm.info", "").contains("sharing"));
        facts.putAll(self);
        long working = facts.values().stream().filter(v -> Boolean.TRUE.equals(v)).count();
        long known = facts.values().stream().filter(v -> v instanceof Boolean).count();
        String why = ctx.messages().get("doctor." + ID + ".why." + reason, bridge == null ? "-" : bridge, setting);
        CheckOutcome.Builder b = Words.outcome(ctx, ID, CheckState.OK, "ok", bridge == null ? "-" : bridge,
                working, known, why);
        facts.forEach(b::detail);
        return b.build();
    }

    /**
     * Why this bridge: {@code none} (nothing answers), {@code configured} ({@code bjca.bridge} names
     * one), {@code autoCom} (auto, only COM answered), {@code auto32BitCom} (auto, and COM could not
     * have served: registered for 32-bit programs only), {@code auto}.
     */
    static String bridgeReason(String setting, String bridge, Optional<ComRegistration> com) {
        if (bridge == null) {
            return "none";
        }
        if (!"auto".equals(setting)) {
            return "configured";
        }
        if ("com".equals(bridge)) {
            return "autoCom";
        }
        return com.equals(Optional.of(ComRegistration.ONLY_32_BIT)) ? "auto32BitCom" : "auto";
    }
}
