package io.keywatch.tray;

import io.keywatch.core.Cause;
import io.keywatch.core.CheckResult;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.Messages;
import io.keywatch.core.ResetReport;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Every word the tray shows, built from the bundles: tooltip, status line, balloons. Pure (no AWT),
 * so the texts and their lengths are tested without a display.
 */
public final class TrayTexts {
    private final Messages messages;

    public TrayTexts(Messages messages) {
        this.messages = messages;
    }

    public Messages messages() {
        return messages;
    }

    public String state(WatchState state) {
        return messages.get("tray.state." + state.name());
    }

    /** "OK — 张三": the state, and the key's user when a key is there and the service named one. */
    public String statusLine(WatchdogStatus s) {
        return user(s).map(u -> messages.get("tray.status.withUser", state(s.state()), u))
                .orElseGet(() -> state(s.state()));
    }

    public String tooltip(WatchdogStatus s) {
        return BalloonText.tooltip(messages.get("tray.tooltip", statusLine(s)));
    }

    /** The balloon an event deserves, if any: key-arrival checks and the outcome of every action. */
    public Optional<Balloon> forEvent(WatchdogEvent event) {
        if (event instanceof WatchdogEvent.Checked c) {
            return c.afterKeyArrival() ? Optional.of(forCheck(c.result())) : Optional.empty();
        }
        if (event instanceof WatchdogEvent.Repaired r) {
            return Optional.of(repaired(r.report()));
        }
        if (event instanceof WatchdogEvent.RepairFailed f) {
            return Optional.of(refused(f.reason(), f.message()));
        }
        if (event instanceof WatchdogEvent.Launched l) {
            return Optional.of(launched(l));
        }
        return Optional.empty();
    }

    public Balloon forCheck(CheckResult r) {
        Optional<Cause> cause = r.cause().filter(Cause::announce);
        if (r.ok() && cause.isPresent()) {
            return forCause(r, cause.get());
        }
        return switch (r.status()) {
            case OK -> new Balloon(Balloon.Kind.INFO,
                    messages.get("tray.balloon.ok.title", userName(r)), messages.get("tray.balloon.ok.text"));
            case FAILED -> new Balloon(Balloon.Kind.ERROR, messages.get("tray.balloon.failed.title"),
                    messages.get("tray.balloon.failed.text", messages.explain(r.diagnosis())));
            case UNAVAILABLE -> new Balloon(Balloon.Kind.WARNING, messages.get("tray.balloon.unavailable.title"),
                    messages.get("tray.balloon.unavailable.text", reason(r)));
            case TIMEOUT -> new Balloon(Balloon.Kind.WARNING, messages.get("tray.balloon.timeout.title"),
                    messages.get("tray.balloon.timeout.text", reason(r)));
        };
    }

    /**
     * A key that BJCA accepts but that will not work, or soon will not (expired certificate, PIN
     * locked, two keys...): the cause in one sentence and where to click for the rest.
     */
    public Balloon forCause(CheckResult r, Cause cause) {
        boolean fail = cause.level() == Cause.Level.FAIL;
        return new Balloon(fail ? Balloon.Kind.ERROR : Balloon.Kind.WARNING,
                messages.get(fail ? "tray.balloon.cause.fail.title" : "tray.balloon.cause.warn.title", userName(r)),
                messages.get("tray.balloon.cause.text", cause.summary()));
    }

    /** The icon's state: a key BJCA accepts but whose cause is a FAIL shows as failed, not green. */
    public static WatchState iconState(WatchdogStatus s) {
        boolean failingCause = s.lastCheck().flatMap(CheckResult::cause)
                .map(c -> c.level() == Cause.Level.FAIL).orElse(false);
        return s.state() == WatchState.OK && s.keyPresent() && failingCause ? WatchState.FAILED : s.state();
    }

    /** The status line adds the cause's sentence when there is one. */
    public String causeLine(WatchdogStatus s) {
        return s.lastCheck().flatMap(CheckResult::cause).filter(c -> s.state() == WatchState.OK)
                .map(Cause::summary).orElse("");
    }

    /** The doctor window: one block per check, in plain words, with what the nurse and IT can do. */
    public String doctorRow(io.keywatch.doctor.CheckOutcome o) {
        StringBuilder b = new StringBuilder(messages.get("tray.doctor.row", messages.get("tray.doctor.name." + o.id()),
                o.summary()));
        boolean act = o.status() == io.keywatch.doctor.CheckState.FAIL || o.status() == io.keywatch.doctor.CheckState.WARN;
        if (act && !o.forUser().isEmpty()) {
            b.append('\n').append(messages.get("tray.doctor.forUser", o.forUser()));
        }
        if (act && !o.forIt().isEmpty()) {
            b.append('\n').append(messages.get("tray.doctor.forIt", o.forIt()));
        }
        return b.toString();
    }

    public String doctorVerdict(io.keywatch.doctor.DoctorReport r) {
        return r.cause().map(c -> messages.get("tray.doctor.verdict.cause", messages.get("tray.doctor.name." + c.id())))
                .orElse(messages.get("tray.doctor.verdict.ok"));
    }

    /** The same failure, for the console: there is nothing to click there. */
    public Balloon forCheckOnConsole(CheckResult r) {
        Balloon b = forCheck(r);
        if (r.status() != io.keywatch.core.CheckStatus.FAILED) {
            return b;
        }
        return new Balloon(b.kind(), b.title(), messages.get("tray.console.failed.text",
                messages.explain(r.diagnosis())));
    }

    public Balloon repaired(ResetReport report) {
        CheckResult r = report.recheck();
        String file = fileName(report.entry().originalPath());
        if (r.ok()) {
            return new Balloon(Balloon.Kind.INFO, messages.get("tray.balloon.repaired.title"),
                    messages.get("tray.balloon.repaired.text", file, userName(r)));
        }
        // The title says the file was set aside; the text only what is still wrong (long reasons must fit).
        String still = r.status() == io.keywatch.core.CheckStatus.FAILED ? messages.explain(r.diagnosis())
                : messages.summary(r);
        return new Balloon(Balloon.Kind.ERROR, messages.get("tray.balloon.repairNoHelp.title"),
                messages.get("tray.balloon.repairNoHelp.text", still));
    }

    public Balloon refused(SoftkeyException.Reason reason, String detail) {
        String why = reason == null ? messages.get("tray.refused.UNKNOWN") : messages.get("tray.refused." + reason.name());
        return new Balloon(Balloon.Kind.WARNING, messages.get("tray.balloon.refused.title"),
                messages.get("tray.balloon.refused.text", why, detail == null ? "" : detail));
    }

    public Balloon undone(JournalEntry restored) {
        return new Balloon(Balloon.Kind.INFO, messages.get("tray.balloon.undone.title"),
                messages.get("tray.balloon.undone.text", fileName(restored.originalPath())));
    }

    public Balloon launched(WatchdogEvent.Launched l) {
        if (l.blockedBy().isPresent()) {
            return new Balloon(Balloon.Kind.WARNING, messages.get("tray.balloon.launchBlocked.title"),
                    messages.get("tray.balloon.launchBlocked.text", messages.summary(l.blockedBy().get())));
        }
        if (l.error().isPresent()) {
            String why = WatchdogEvent.Launched.NOT_CONFIGURED.equals(l.error().get())
                    ? messages.get("cli.launch.notConfigured") : l.error().get();
            return new Balloon(Balloon.Kind.ERROR, messages.get("tray.balloon.launchFailed.title"),
                    messages.get("tray.balloon.launchFailed.text", why));
        }
        return new Balloon(Balloon.Kind.INFO, messages.get("tray.balloon.launched.title"),
                messages.get("tray.balloon.launched.text"));
    }

    /** Answer to "show" from a second start: what is going on right now. */
    public Balloon status(WatchdogStatus s) {
        String text = s.state() == WatchState.WAITING_FOR_KEY || s.lastCheck().isEmpty()
                ? messages.get("tray.balloon.status.waiting")
                : messages.summary(s.lastCheck().get());
        return new Balloon(Balloon.Kind.INFO, messages.get("tray.balloon.status.title", state(s.state())), text);
    }

    public Balloon noTray(String reason) {
        return new Balloon(Balloon.Kind.WARNING, messages.get("tray.noTray.title"),
                messages.get("tray.noTray.text", reason));
    }

    public Balloon trayBack() {
        return new Balloon(Balloon.Kind.INFO, messages.get("tray.trayBack.title"), messages.get("tray.trayBack.text"));
    }

    public Balloon logFolder(Path folder) {
        return new Balloon(Balloon.Kind.INFO, messages.get("tray.menu.logs"),
                messages.get("tray.logs.location", folder.toString()));
    }

    public Balloon about(String version) {
        return new Balloon(Balloon.Kind.INFO, messages.get("tray.about.title", version), messages.get("tray.about.text"));
    }

    public Balloon actionFailed(String what, String detail) {
        return new Balloon(Balloon.Kind.WARNING, messages.get("tray.actionFailed.title", what),
                detail == null ? "" : detail);
    }

    public Balloon diagnosticsSaved(Path file) {
        return new Balloon(Balloon.Kind.INFO, messages.get("tray.menu.diagnostics"),
                messages.get("tray.diagnostics.saved", file.toString()));
    }

    /** The dialog's heading: "the check failed" only when it did (the menu opens it in any state). */
    public String dialogHeading(Optional<CheckResult> last) {
        boolean failed = last.map(r -> r.status() == io.keywatch.core.CheckStatus.FAILED).orElse(false);
        return messages.get(failed ? "tray.dialog.heading" : "tray.dialog.headingManual");
    }

    /** Plain words for the repair dialog: what was found and what a repair does. */
    public String dialogExplanation(Optional<CheckResult> failed) {
        String found = failed.map(r -> r.ok() ? messages.summary(r) : messages.explain(r.diagnosis()))
                .orElse(messages.get("tray.dialog.noCheck"));
        return found + "\n\n" + messages.get("tray.dialog.whatRepairDoes");
    }

    private Optional<String> user(WatchdogStatus s) {
        if (!s.keyPresent()) {
            return Optional.empty();
        }
        return s.lastCheck().flatMap(CheckResult::userName);
    }

    private String userName(CheckResult r) {
        return r.userName().orElse(messages.get("user.unknown"));
    }

    private String reason(CheckResult r) {
        return r.reason().filter(x -> !x.isBlank()).orElse(messages.get("tray.reason.none"));
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 || slash == path.length() - 1 ? path : path.substring(slash + 1);
    }
}
