package io.keywatch.doctor.checks;

import io.keywatch.assistant.AssistantLocator;
import io.keywatch.assistant.AssistantTexts;
import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.doctor.Repair;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code softkey.db}: {@code CheckSoftDeviceEnv()} with today's diagnosis of {@code bjca_softkey.db};
 * the one cause KeyWatch repairs itself (a journalled, restorable move), without admin rights. When
 * BJCA still says false with no db at all (a reset happened and BJCA has not rebuilt), there is nothing
 * left to move: the next step is BJCA's certificate assistant, named with where it was found, or why
 * none was.
 */
public final class SoftkeyDbCheck implements DoctorCheck {
    public static final String ID = "softkey.db";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        if (!ctx.serviceAnswers()) {
            return Words.skipped(ctx, ID, "noService");
        }
        CheckResult r = ctx.check();
        String explained = ctx.messages().explain(r.diagnosis());
        CheckOutcome.Builder b;
        if (r.notRebuiltYet()) {
            b = notRebuilt(ctx, r);
        } else if (r.ok()) {
            b = Words.outcome(ctx, ID, CheckState.OK, "ok", explained);
        } else {
            b = Words.withActions(ctx, ID, CheckState.FAIL, "failed", explained).repair(Repair.SOFTKEY_RESET);
        }
        return b.detail("checkSoftDeviceEnv", r.ok()).detail("verdict", r.diagnosis().verdict().name())
                .detail("path", r.diagnosis().facts().path().toString())
                .detail("created", r.diagnosis().facts().created().map(Object::toString).orElse(null)).build();
    }

    /** No repair button: the advice names the assistant (details: {@code assistantFound}, {@code assistant}...). */
    private static CheckOutcome.Builder notRebuilt(DoctorContext ctx, CheckResult r) {
        Messages m = ctx.messages();
        Path file = r.diagnosis().facts().path().getFileName();
        CheckOutcome.Builder b = Words.outcome(ctx, ID, CheckState.FAIL, "notRebuilt",
                file == null ? r.diagnosis().facts().path().toString() : file.toString());
        Optional<AssistantLocator.Lookup> lookup;
        try {
            lookup = ctx.assistant();
        } catch (RuntimeException e) { // the db check must not be lost to a failing look-up
            b.detail("assistantProblem", String.valueOf(e.getMessage()));
            lookup = Optional.empty();
        }
        b.forUser(lookup.flatMap(l -> AssistantTexts.doctorAdvice(m, r, l))
                .orElseGet(() -> m.get("assistant.situation.notRebuilt") + " " + m.get("assistant.missing.whatToDo")));
        lookup.ifPresent(l -> {
            b.detail("assistantFound", l instanceof AssistantLocator.Found);
            if (l instanceof AssistantLocator.Found f) {
                b.detail("assistant", f.program()).detail("assistantFrom", f.from());
            } else if (l instanceof AssistantLocator.Missing missing) {
                b.detail("assistantMissing", missing.messageKey());
            }
        });
        return b;
    }
}
