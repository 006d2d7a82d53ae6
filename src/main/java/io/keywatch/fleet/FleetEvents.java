package io.keywatch.fleet;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.CheckResult;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.ResetReport;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import io.keywatch.platform.HostIdentity;
import io.keywatch.platform.Platform;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every check result, reset and restore as one structured event, for IT to see the whole fleet:
 * a JSON object logged through SLF4J on the logger {@value #LOGGER} (so it lands in the local log
 * file), sent to a syslog server over UDP or TCP when {@code log.syslog.host} is configured, and handed
 * to the Windows Event Log where the platform has one.
 *
 * <p>Fields: {@code event} ({@code check}, {@code reset}, {@code reset-refused}, {@code restore},
 * {@code prepare-image}), {@code machine}, {@code user}, {@code version} (KeyWatch), {@code source}
 * (what caused it: {@code key}, {@code tray}, {@code cli}...), and where they apply {@code status},
 * {@code verdict}, {@code bridge}, {@code bjcaVersion}, {@code cause} (the doctor's check id), {@code quarantineId}, {@code reason},
 * {@code profile}. Never a PIN, never a cert id: names of fields and values are fixed here.
 *
 * <p>As a watchdog listener it runs on the watchdog thread: it only formats, writes the local log and
 * queues the syslog line ({@link SyslogSink}: its own thread does the name lookup and the network, a
 * bounded queue drops and counts what a down or stuck server does not take); the Event Log has its own
 * thread too. A syslog server can therefore never delay a check or the tray.
 */
public final class FleetEvents implements Consumer<WatchdogEvent>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetEvents.class);
    /** The dedicated logger; configure Logback on this name to route fleet events elsewhere. */
    public static final String LOGGER = "keywatch.events";
    /** What a syslog line starts with after the header: {@code keywatch: {"event":...}}. */
    static final String SYSLOG_TAG = SyslogSink.TAG;

    /** Who reports: this machine, this user, this KeyWatch. */
    public record Identity(String machine, String user, String version) {
        public static Identity current(String version) {
            return new Identity(HostIdentity.machine(), HostIdentity.user(), version);
        }
    }

    private final Logger events = LoggerFactory.getLogger(LOGGER);
    private final Identity identity;
    private final Optional<Platform.EventLog> eventLog;
    private final SyslogSink syslog;

    /**
     * @param eventLog the Windows Event Log; closed with this object
     * @param syslog   host, port, facility and protocol when configured; empty for local logging only
     */
    public FleetEvents(Identity identity, Optional<Platform.EventLog> eventLog, Optional<SyslogTarget> syslog) {
        this.identity = identity;
        this.eventLog = eventLog;
        // Not Optional.map: the lambda's type would load SyslogSink into every tray, with syslog or without.
        this.syslog = syslog.isPresent() ? new SyslogSink(syslog.get(), identity.machine()) : null;
    }

    /**
     * Where syslog events go: {@code host:port} over {@code udp} or {@code tcp}, with a facility such as
     * {@code user} or {@code local3}.
     */
    public record SyslogTarget(String host, int port, String facility, String protocol) {
        public SyslogTarget(String host, int port, String facility) {
            this(host, port, facility, "udp");
        }

        public static Optional<SyslogTarget> of(Optional<String> host, int port, String facility) {
            return of(host, port, facility, "udp");
        }

        public static Optional<SyslogTarget> of(Optional<String> host, int port, String facility, String protocol) {
            return host.map(h -> new SyslogTarget(h, port, facility, protocol));
        }
    }

    /** Events the syslog server did not take in time (dropped, still in the local log); 0 without syslog. */
    public long syslogDropped() {
        return syslog == null ? 0 : syslog.dropped();
    }

    /** The thread that talks to the syslog server, if one is configured (never the caller's). */
    Optional<Thread> syslogThread() {
        // Not a method reference: the AppCDS dump resolves it, and would archive SyslogSink for every tray.
        return syslog == null ? Optional.empty() : Optional.of(syslog.senderThread());
    }

    // ------------------------------------------------------------------ the watchdog's events

    @Override
    public void accept(WatchdogEvent event) {
        if (event instanceof WatchdogEvent.Checked c) {
            log(checkEvent(c.result(), c.afterKeyArrival() ? "key" : "watchdog"));
        } else if (event instanceof WatchdogEvent.Repaired r) {
            log(resetEvent(r.report(), "tray"));
        } else if (event instanceof WatchdogEvent.RepairFailed f) {
            log(refusedEvent(f.reason(), "tray"));
        } else if (event instanceof WatchdogEvent.Restored r) {
            Map<String, Object> m = base("restore", "tray");
            m.put("quarantineId", r.entry().id());
            log(m);
            eventLog.ifPresent(l -> l.restored(r.entry()));
            return;
        }
        eventLog.ifPresent(l -> l.accept(event));
    }

    // ------------------------------------------------------------------ the commands' events

    /** {@code keywatch check} and the like: one check. */
    public void checked(CheckResult r, String source) {
        log(checkEvent(r, source));
        eventLog.ifPresent(l -> l.accept(new WatchdogEvent.Checked(status(r), r, true)));
    }

    /** A reset moved the db and checked again. */
    public void reset(ResetReport report, String source) {
        log(resetEvent(report, source));
        eventLog.ifPresent(l -> l.accept(new WatchdogEvent.Repaired(status(report.recheck()), report)));
    }

    /** A reset was refused; nothing changed. */
    public void resetRefused(SoftkeyException e, String source) {
        log(refusedEvent(e.reason(), source));
        eventLog.ifPresent(l -> l.accept(new WatchdogEvent.RepairFailed(
                new WatchdogStatus(WatchState.FAILED, false, Optional.empty(), Optional.empty(), java.time.Instant.now()),
                e.reason(), e.getMessage())));
    }

    /** A quarantined db was put back. */
    public void restored(JournalEntry entry, String source) {
        Map<String, Object> m = base("restore", source);
        m.put("quarantineId", entry.id());
        log(m);
        eventLog.ifPresent(l -> l.restored(entry));
    }

    /** {@code keywatch prepare-image} in one profile: {@code status} MOVED, REFUSED, FOUND... */
    public void imagePrepared(String profile, String status, Optional<String> quarantineId, String source) {
        Map<String, Object> m = base("prepare-image", source);
        m.put("profile", profile);
        m.put("status", status);
        quarantineId.ifPresent(id -> m.put("quarantineId", id));
        log(m);
    }

    private Map<String, Object> checkEvent(CheckResult r, String source) {
        Map<String, Object> m = base("check", source);
        m.put("status", r.status().name());
        m.put("verdict", r.diagnosis().verdict().name());
        m.put("bridge", r.bridge());
        r.version().ifPresent(v -> m.put("bjcaVersion", v));
        r.cause().ifPresent(c -> m.put("cause", c.id()));
        return m;
    }

    private Map<String, Object> resetEvent(ResetReport report, String source) {
        Map<String, Object> m = base("reset", source);
        m.put("status", report.recheck().status().name());
        m.put("verdict", report.recheck().diagnosis().verdict().name());
        m.put("bridge", report.recheck().bridge());
        report.recheck().version().ifPresent(v -> m.put("bjcaVersion", v));
        m.put("quarantineId", report.entry().id());
        return m;
    }

    private Map<String, Object> refusedEvent(SoftkeyException.Reason reason, String source) {
        Map<String, Object> m = base("reset-refused", source);
        m.put("reason", reason.name());
        return m;
    }

    private Map<String, Object> base(String event, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("machine", identity.machine());
        m.put("user", identity.user());
        m.put("version", identity.version());
        m.put("source", source);
        return m;
    }

    private void log(Map<String, Object> event) {
        String json;
        try {
            json = JSON.std.asString(event);
        } catch (IOException | RuntimeException e) {
            LOG.warn("fleet event not recorded: {}", e.toString());
            return;
        }
        events.info(json);
        if (syslog != null) {
            syslog.offer(json); // never blocks: a full queue drops and counts
        }
    }

    private static WatchdogStatus status(CheckResult r) {
        return new WatchdogStatus(WatchState.of(r.status()), !r.users().isEmpty(), Optional.of(r), Optional.empty(), r.at());
    }

    /** Lets queued syslog events go out (bounded, {@link SyslogSink#FLUSH_ON_CLOSE}) and closes the Event Log. */
    @Override
    public void close() {
        if (syslog != null) {
            syslog.close();
        }
        eventLog.ifPresent(Platform.EventLog::close);
    }
}
