package io.keywatch.doctor.checks;

import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.doctor.Bounded;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.platform.HostFacts;
import java.util.List;
import java.util.Map;

/**
 * {@code bjca.service}: which bridge answers; if none, whether another process holds the service's
 * port, and which. Its FAIL is the doctor's exit code 3.
 */
public final class BjcaServiceCheck implements DoctorCheck {
    public static final String ID = "bjca.service";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        CheckResult r = ctx.check();
        if (ctx.serviceAnswers()) {
            return Words.outcome(ctx, ID, CheckState.OK, "ok", r.bridge(), r.version().orElse("?"))
                    .detail("bridge", r.bridge()).detail("version", r.version().orElse(null)).build();
        }
        int port = ctx.settings().servicePort();
        String reason = r.reason().orElse("?");
        HostFacts.Fact<List<HostFacts.PortOwner>> owners;
        try {
            owners = Bounded.call(ctx.settings().factTimeout(), () -> ctx.host().portOwners(port));
        } catch (Exception e) {
            owners = HostFacts.Fact.unknown(String.valueOf(e.getMessage()));
        }
        CheckOutcome.Builder b;
        if (owners.value().isPresent() && !owners.value().get().isEmpty()) {
            HostFacts.PortOwner o = owners.value().get().get(0);
            b = Words.withActions(ctx, ID, CheckState.FAIL, "portTaken", String.valueOf(port), o.process(),
                    String.valueOf(o.pid()), reason);
            b.detail("owners", owners.value().get().stream()
                    .map(x -> Map.<String, Object>of("pid", x.pid(), "process", x.process())).toList());
        } else if (owners.value().isPresent()) {
            b = Words.withActions(ctx, ID, CheckState.FAIL, "notRunning", String.valueOf(port), reason);
        } else {
            String variant = r.status() == CheckStatus.TIMEOUT ? "timeout" : "down";
            b = Words.withActions(ctx, ID, CheckState.FAIL, variant, String.valueOf(port), reason);
            owners.problem().ifPresent(p -> b.detail("portOwnerProblem", p));
        }
        return b.detail("status", r.status().name()).detail("reason", reason).detail("port", port)
                .detail("bridge", r.bridge()).build();
    }
}
