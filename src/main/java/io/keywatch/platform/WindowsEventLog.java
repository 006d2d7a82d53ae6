package io.keywatch.platform;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.Messages;
import io.keywatch.core.WatchdogEvent;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows Event Log entries (log "Application", source {@value #SOURCE}) for check results, resets,
 * restores and launches, so IT can read what happened on a PC without collecting files.
 *
 * <p>Writing needs no admin rights. Without a registered source (an admin's
 * {@code New-EventLog -LogName Application -Source KeyWatch}, see packaging/README.md) Event Viewer
 * still shows the text, prefixed with "The description for Event ID ... cannot be found".
 *
 * <p>Entries are written on a thread of their own: the watchdog thread only hands them over. A check
 * is recorded when it follows a key arrival or when its status differs from the last one recorded,
 * so a PC that is checked often does not flood the log with identical "OK" entries.
 */
public final class WindowsEventLog implements Platform.EventLog {
    private static final Logger log = LoggerFactory.getLogger(WindowsEventLog.class);

    public static final String SOURCE = "KeyWatch";

    public static final int CHECK_OK = 1000;
    public static final int CHECK_FAILED = 1001;
    public static final int CHECK_UNAVAILABLE = 1002;
    public static final int CHECK_TIMEOUT = 1003;
    public static final int REPAIRED = 1100;
    public static final int REPAIRED_STILL_FAILING = 1101;
    public static final int REPAIR_FAILED = 1102;
    public static final int RESTORED = 1200;
    public static final int APP_LAUNCHED = 1300;
    public static final int APP_LAUNCH_FAILED = 1301;
    public static final int APP_LAUNCH_BLOCKED = 1302;

    /** ReportEvent accepts at most 31,839 characters per string. */
    static final int MAX_MESSAGE = 31_000;

    /** The event types Event Viewer shows as levels. */
    public enum Level {
        INFORMATION(WinNT.EVENTLOG_INFORMATION_TYPE),
        WARNING(WinNT.EVENTLOG_WARNING_TYPE),
        ERROR(WinNT.EVENTLOG_ERROR_TYPE);

        private final int win32Type;

        Level(int win32Type) {
            this.win32Type = win32Type;
        }

        public int win32Type() {
            return win32Type;
        }
    }

    /** One entry; {@code check} is set for check results (used to skip repeats). */
    public record Entry(Level level, int eventId, String message, Optional<CheckStatus> check, boolean afterKeyArrival) {
        public Entry {
            Objects.requireNonNull(level);
            Objects.requireNonNull(message);
        }
    }

    /** Where entries go: ReportEvent on Windows, a list in tests. */
    interface Writer extends AutoCloseable {
        void write(Level level, int eventId, String message) throws IOException;

        @Override
        void close();
    }

    private final Writer writer;
    private final Messages messages;
    private final ExecutorService thread;
    private CheckStatus lastRecordedCheck; // only touched on the writer thread

    WindowsEventLog(Writer writer, Messages messages, ExecutorService thread) {
        this.writer = writer;
        this.messages = messages;
        this.thread = thread;
    }

    /** Registers the event source; empty (logged) when the Event Log cannot be reached. */
    static Optional<Platform.EventLog> open(Messages messages) {
        try {
            Writer w = new Advapi32Writer();
            ExecutorService t = Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "keywatch-eventlog");
                th.setDaemon(true);
                return th;
            });
            return Optional.of(new WindowsEventLog(w, messages, t));
        } catch (IOException | LinkageError e) {
            log.warn("Windows Event Log not available, events go to the log files only: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void accept(WatchdogEvent event) {
        entryFor(event, messages).ifPresent(this::submit);
    }

    @Override
    public void restored(JournalEntry entry) {
        submit(restoredEntry(entry, messages));
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("Windows Event Log: entries still pending at shutdown were dropped");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }

    private void submit(Entry e) {
        try {
            thread.execute(() -> write(e));
        } catch (RejectedExecutionException closed) {
            log.debug("Windows Event Log closed; not recorded: {}", e.message());
        }
    }

    private void write(Entry e) {
        if (e.check().isPresent()) {
            CheckStatus s = e.check().get();
            if (!e.afterKeyArrival() && s == lastRecordedCheck) {
                return;
            }
            lastRecordedCheck = s;
        }
        String text = e.message().length() > MAX_MESSAGE ? e.message().substring(0, MAX_MESSAGE) + "..." : e.message();
        try {
            writer.write(e.level(), e.eventId(), text);
        } catch (IOException | RuntimeException ex) {
            log.warn("Windows Event Log: entry {} not written: {}", e.eventId(), ex.toString());
        }
    }

    /** What a watchdog event becomes in the Event Log; state changes are not recorded. */
    public static Optional<Entry> entryFor(WatchdogEvent event, Messages m) {
        if (event instanceof WatchdogEvent.Checked c) {
            return Optional.of(checkEntry(c.result(), c.afterKeyArrival(), m));
        }
        if (event instanceof WatchdogEvent.Repaired r) {
            CheckResult after = r.report().recheck();
            JournalEntry j = r.report().entry();
            String text = m.get("windows.eventlog.repaired", j.quarantinePath(), j.id(), m.summary(after));
            return Optional.of(after.ok()
                    ? new Entry(Level.INFORMATION, REPAIRED, text, Optional.empty(), false)
                    : new Entry(Level.WARNING, REPAIRED_STILL_FAILING, text, Optional.empty(), false));
        }
        if (event instanceof WatchdogEvent.RepairFailed f) {
            return Optional.of(new Entry(Level.ERROR, REPAIR_FAILED,
                    m.get("windows.eventlog.repairFailed", f.reason(), f.message()), Optional.empty(), false));
        }
        if (event instanceof WatchdogEvent.Launched l) {
            if (l.blockedBy().isPresent()) {
                return Optional.of(new Entry(Level.WARNING, APP_LAUNCH_BLOCKED,
                        m.get("windows.eventlog.launchBlocked", m.summary(l.blockedBy().get())), Optional.empty(), false));
            }
            if (l.error().isPresent()) {
                return Optional.of(new Entry(Level.ERROR, APP_LAUNCH_FAILED,
                        m.get("windows.eventlog.launchFailed", l.error().get()), Optional.empty(), false));
            }
            return Optional.of(new Entry(Level.INFORMATION, APP_LAUNCHED, m.get("windows.eventlog.launched"),
                    Optional.empty(), false));
        }
        return Optional.empty();
    }

    static Entry checkEntry(CheckResult r, boolean afterKeyArrival, Messages m) {
        String text = m.get("windows.eventlog.checked", m.summary(r), m.explain(r.diagnosis()), r.bridge(),
                r.version().orElse(m.get("windows.version.unknown")));
        return switch (r.status()) {
            case OK -> new Entry(Level.INFORMATION, CHECK_OK, text, Optional.of(r.status()), afterKeyArrival);
            case FAILED -> new Entry(Level.ERROR, CHECK_FAILED, text, Optional.of(r.status()), afterKeyArrival);
            case UNAVAILABLE -> new Entry(Level.WARNING, CHECK_UNAVAILABLE, text, Optional.of(r.status()), afterKeyArrival);
            case TIMEOUT -> new Entry(Level.WARNING, CHECK_TIMEOUT, text, Optional.of(r.status()), afterKeyArrival);
        };
    }

    static Entry restoredEntry(JournalEntry j, Messages m) {
        return new Entry(Level.INFORMATION, RESTORED, m.get("windows.eventlog.restored", j.id(), j.originalPath()),
                Optional.empty(), false);
    }

    /** RegisterEventSource / ReportEvent / DeregisterEventSource. */
    private static final class Advapi32Writer implements Writer {
        private final WinNT.HANDLE handle;

        Advapi32Writer() throws IOException {
            handle = Advapi32.INSTANCE.RegisterEventSource(null, SOURCE);
            if (handle == null) {
                throw new IOException(Win32Results.describedFailure("RegisterEventSource(" + SOURCE + ")"));
            }
        }

        @Override
        public void write(Level level, int eventId, String message) throws IOException {
            boolean ok = Advapi32.INSTANCE.ReportEvent(handle, level.win32Type(), 0, eventId, null, 1, 0,
                    new String[] {message}, null);
            if (!ok) {
                throw new IOException(Win32Results.describedFailure("ReportEvent"));
            }
        }

        @Override
        public void close() {
            Advapi32.INSTANCE.DeregisterEventSource(handle);
        }
    }
}
