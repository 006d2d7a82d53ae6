package io.keywatch.doctor;

import io.keywatch.core.Cause;
import io.keywatch.core.CauseFinder;
import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.doctor.checks.BjcaServiceCheck;
import io.keywatch.doctor.checks.CertExpiryCheck;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The doctor on every key insertion: the key checks ({@link Doctor#keyChecks()}) on the watchdog's
 * finished check, its first FAIL (else WARN) as the check's {@link Cause}. A service that does not
 * answer is {@code bjca.service}. The certificates are cached while the key stays in: as a watchdog
 * listener it forgets them when the key leaves. An expiry WARN is announced once a day per
 * certificate ({@link ReminderLog}); it is still the cause for {@code status} and fleet events.
 */
public final class KeyCauses implements CauseFinder, Consumer<WatchdogEvent> {
    private final Doctor doctor = Doctor.keyChecks();
    private final Messages messages;
    private final Function<CheckResult, DoctorContext> contextFor;
    private final CertCache certs;
    private final ReminderLog reminders;

    /**
     * @param contextFor builds the run's context around the finished check; must use {@code certs}
     */
    public KeyCauses(Messages messages, CertCache certs, ReminderLog reminders,
                     Function<CheckResult, DoctorContext> contextFor) {
        this.messages = messages;
        this.certs = certs;
        this.reminders = reminders;
        this.contextFor = contextFor;
    }

    @Override
    public Optional<Cause> find(CheckResult r) {
        DoctorContext ctx = contextFor.apply(r);
        if (!ctx.serviceAnswers()) {
            CheckOutcome o = new BjcaServiceCheck().run(ctx);
            return Optional.of(new Cause(o.id(), Cause.Level.FAIL, o.summary(), ctx.action(o), true));
        }
        DoctorReport report = doctor.run(ctx);
        return report.cause().map(o -> {
            Cause c = new Cause(o.id(), o.status() == CheckState.FAIL ? Cause.Level.FAIL : Cause.Level.WARN,
                    o.summary(), ctx.action(o), true);
            if (o.id().equals(CertExpiryCheck.ID) && o.status() == CheckState.WARN) {
                String key = String.valueOf(o.details().getOrDefault("reminderKey", "?"));
                LocalDate today = LocalDate.ofInstant(ctx.now(), ctx.settings().zone());
                return reminders.firstToday(key, today) ? c : c.silenced();
            }
            return c;
        });
    }

    /** Forgets the certificates when the key leaves. */
    @Override
    public void accept(WatchdogEvent ev) {
        if (ev instanceof WatchdogEvent.StateChanged s && !s.status().keyPresent()) {
            certs.clear();
        }
    }

    public Messages messages() {
        return messages;
    }
}
