package io.keywatch.doctor;

import io.keywatch.doctor.checks.BjcaInstalledCheck;
import io.keywatch.doctor.checks.BjcaServiceCheck;
import io.keywatch.doctor.checks.CertExpiryCheck;
import io.keywatch.doctor.checks.CertValidityCheck;
import io.keywatch.doctor.checks.ClockCheck;
import io.keywatch.doctor.checks.KeysDriverCheck;
import io.keywatch.doctor.checks.KeysPresentCheck;
import io.keywatch.doctor.checks.KeysSingleCheck;
import io.keywatch.doctor.checks.KeywatchSelfCheck;
import io.keywatch.doctor.checks.PinRetriesCheck;
import io.keywatch.doctor.checks.RemoteSessionCheck;
import io.keywatch.doctor.checks.SmartcardServiceCheck;
import io.keywatch.doctor.checks.SoftkeyDbCheck;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs checks in order. The order is the order of causes: what stops everything (BJCA missing, its
 * service down, the smart-card service disabled, a remote session, a wrong clock) before the key,
 * the key before its certificate, the certificate before the soft-certificate db; so the first FAIL
 * is the cause to name.
 */
public final class Doctor {
    private static final Logger LOG = LoggerFactory.getLogger(Doctor.class);

    private final List<DoctorCheck> checks;

    public Doctor(List<DoctorCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every check, for {@code keywatch doctor} and the tray window. */
    public static Doctor all() {
        return new Doctor(List.of(new BjcaInstalledCheck(), new BjcaServiceCheck(), new SmartcardServiceCheck(),
                new RemoteSessionCheck(), new ClockCheck(), new KeysPresentCheck(), new KeysDriverCheck(),
                new KeysSingleCheck(), new CertValidityCheck(), new CertExpiryCheck(), new PinRetriesCheck(),
                new SoftkeyDbCheck(), new KeywatchSelfCheck()));
    }

    /**
     * The checks about the key, run on every insertion: BJCA calls cached or cheap; USB is listed only
     * when BJCA sees no key at all (then its missing driver is the news).
     */
    public static Doctor keyChecks() {
        return new Doctor(List.of(new ClockCheck(), new KeysDriverCheck(), new KeysSingleCheck(), new CertValidityCheck(),
                new CertExpiryCheck(), new PinRetriesCheck(), new SoftkeyDbCheck()));
    }

    public List<String> ids() {
        return checks.stream().map(DoctorCheck::id).toList();
    }

    public DoctorReport run(DoctorContext ctx) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (DoctorCheck check : checks) {
            CheckOutcome o;
            try {
                o = check.run(ctx);
            } catch (RuntimeException e) {
                LOG.warn("doctor check {} failed", check.id(), e);
                o = CheckOutcome.of(check.id(), CheckState.SKIPPED)
                        .summary(ctx.messages().get("doctor.skipped.error", String.valueOf(e)))
                        .detail("error", e.toString()).build();
            }
            outcomes.add(o);
            actions.add(ctx.action(o));
        }
        return new DoctorReport(outcomes, actions, ctx.now());
    }
}
