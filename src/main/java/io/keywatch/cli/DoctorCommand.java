package io.keywatch.cli;

import io.keywatch.doctor.CertCache;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.Doctor;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.doctor.DoctorReport;
import io.keywatch.core.Messages;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keywatch doctor [--json]}: every check of the doctor, one line each (or the JSON contract in
 * README.md); exit 0 without a FAIL, 1 with one, 3 when BJCA cannot be reached at all.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true)
final class DoctorCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            AppContext ctx = ctx();
            DoctorReport report = run(ctx);
            if (json) {
                out().println(json(report));
            } else {
                print(ctx.messages(), report);
            }
            return report.exitCode();
        } finally {
            closeContext();
        }
    }

    /** The contract keeps {@code "cause": null} for a healthy PC: nulls are written. */
    static String json(DoctorReport report) {
        try {
            return com.fasterxml.jackson.jr.ob.JSON.std.with(com.fasterxml.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT,
                    com.fasterxml.jackson.jr.ob.JSON.Feature.WRITE_NULL_PROPERTIES).asString(report.toMap());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static DoctorReport run(AppContext ctx) {
        DoctorContext dc = DoctorSetup.forThisMachine(ctx).context(ctx.environment(), new CertCache()).build();
        return Doctor.all().run(dc);
    }

    private void print(Messages m, DoctorReport report) {
        for (int i = 0; i < report.checks().size(); i++) {
            CheckOutcome c = report.checks().get(i);
            out().println(m.get("cli.doctor.line", m.get("doctor.state." + c.status().name()), c.id(), c.summary()));
            String action = report.actions().get(i);
            if (!action.isEmpty() && (c.status() == io.keywatch.doctor.CheckState.FAIL
                    || c.status() == io.keywatch.doctor.CheckState.WARN)) {
                out().println(m.get("cli.doctor.action", action));
            }
        }
        out().println(report.cause().map(c -> m.get("cli.doctor.cause", c.id(), c.summary()))
                .orElse(m.get("cli.doctor.allGood")));
    }
}
