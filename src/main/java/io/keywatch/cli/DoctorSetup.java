package io.keywatch.cli;

import io.keywatch.core.BjcaEnvironment;
import io.keywatch.doctor.CertCache;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.doctor.DoctorSettings;
import io.keywatch.doctor.KeyCauses;
import io.keywatch.doctor.ReminderLog;
import io.keywatch.doctor.UsbView;
import io.keywatch.platform.HostFacts;
import io.keywatch.platform.SingleInstance;
import io.keywatch.usb.KeyCatalog;
import io.keywatch.usb.UsbDevices;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The doctor for this machine, from the configuration: host facts of this OS, USB through the key
 * catalog, the settings ({@code doctor.expiryWarnDays}, {@code doctor.validateTimeoutMs}, the port
 * of {@code bjca.url}), what {@code keywatch.self} reports and where BJCA's certificate assistant is
 * (for {@code softkey.db} after a reset BJCA has not rebuilt from).
 */
final class DoctorSetup {
    private final AppContext ctx;
    private final HostFacts host;
    private final UsbView usb;
    private final Supplier<Map<String, Object>> extraSelfFacts;

    DoctorSetup(AppContext ctx, HostFacts host, UsbView usb, Supplier<Map<String, Object>> extraSelfFacts) {
        this.ctx = ctx;
        this.host = host;
        this.usb = usb;
        this.extraSelfFacts = extraSelfFacts;
    }

    /** The real machine: its host facts and USB devices. */
    static DoctorSetup forThisMachine(AppContext ctx) {
        return new DoctorSetup(ctx, HostFacts.forThisMachine(), usbView(ctx), LinkedHashMap::new);
    }

    static UsbView usbView(AppContext ctx) {
        return () -> {
            KeyCatalog catalog = KeyCatalog.defaults().withConfigured(ctx.config().extraKeys(), p -> { });
            return UsbDevices.list(catalog).stream().filter(s -> s.label().isPresent())
                    .map(s -> new UsbView.Key(s.ids().toString(), s.label().get())).toList();
        };
    }

    DoctorSettings settings() {
        int port = ctx.config().bjcaUrl().getPort();
        return DoctorSettings.defaults().withExpiryWarnDays(ctx.config().doctorExpiryWarnDays())
                .withValidateTimeout(ctx.config().doctorValidateTimeout())
                .withServicePort(port > 0 ? port : 21051);
    }

    DoctorContext.Builder context(BjcaEnvironment env, CertCache certs) {
        return DoctorContext.builder(ctx.messages(), env).host(host).usb(usb).certs(certs).settings(settings())
                .clock(Clock.systemUTC()).osInstalled(ctx.platform()::osInstallDate).selfFacts(this::selfFacts)
                .assistant(ctx::assistantLookup);
    }

    /** The key checks on every insertion, for the tray's watchdog: {@code env.withCauses(keyCauses)}. */
    KeyCauses keyCauses(BjcaEnvironment env) {
        CertCache certs = new CertCache();
        return new KeyCauses(ctx.messages(), certs, ReminderLog.inFolder(ctx.dataDir()),
                r -> context(env, certs).check(r).build());
    }

    private Map<String, Object> selfFacts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VersionProvider.version());
        m.put("platform", ctx.platform().name());
        m.put(io.keywatch.doctor.checks.KeywatchSelfCheck.BRIDGE_SETTING, ctx.config().bjcaBridge());
        try {
            m.put("autostartEnabled", ctx.platform().autostart().isEnabled());
        } catch (java.io.IOException | RuntimeException e) {
            m.put("autostartProblem", String.valueOf(e.getMessage()));
        }
        m.put("autostartCommand", String.join(" ", SelfCommand.tray()));
        m.put("policiesRead", ctx.config().sources().values().stream().anyMatch(s -> s.startsWith("HKLM")));
        m.put("configProblems", ctx.problems().size());
        // This process's adapter, not started (the tray, which starts it, adds its own running one).
        try (io.keywatch.core.SessionEvents session = ctx.platform().sessionEvents()) {
            m.putAll(sessionEventFacts(session));
        }
        try {
            Optional<String> tray = SingleInstance.query(ctx.dataDir(), SingleInstance.STATUS, Duration.ofMillis(500));
            m.put("trayRunning", tray.isPresent());
        } catch (java.io.IOException | RuntimeException e) {
            m.put("trayRunning", false);
        }
        m.putAll(extraSelfFacts.get());
        return m;
    }

    /**
     * For {@code keywatch.self}: the resume/unlock source ({@code sessionEvents}: its name), its
     * {@code sessionEventsState} and {@code sessionEventsProblem}; {@code sessionEventsRunning} only for a
     * started adapter, so a source that is not started here or does not exist on this platform is
     * not counted as a failed integration.
     */
    static Map<String, Object> sessionEventFacts(io.keywatch.core.SessionEvents session) {
        Map<String, Object> m = new LinkedHashMap<>();
        io.keywatch.core.SessionEvents.Status status = session.status();
        m.put("sessionEvents", session.name());
        m.put("sessionEventsState", status.state().name());
        switch (status.state()) {
            case RUNNING -> m.put("sessionEventsRunning", true);
            case FAILED, STOPPED -> m.put("sessionEventsRunning", false);
            case NOT_STARTED, NOT_ON_THIS_PLATFORM -> { }
        }
        status.problem().ifPresent(p -> m.put("sessionEventsProblem", p));
        return m;
    }
}
