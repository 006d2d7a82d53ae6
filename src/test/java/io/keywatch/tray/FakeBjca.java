package io.keywatch.tray;

import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.KeyUser;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyStore;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory BJCA that reproduces the incident: a db older than the OS install makes
 * {@code CheckSoftDeviceEnv} false; once it is moved away, the next check creates a fresh one and passes.
 * Thread-safe (the watchdog thread and the test's thread both touch it).
 */
final class FakeBjca implements BjcaStandIn {
    static final Instant OS_INSTALLED = Instant.parse("2024-01-20T09:00:00Z");
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T10:00:00Z");
    static final Path DB = Path.of("/home/nurse/.local/share/BJCA/bjca_softkey.db");

    private final Clock clock;
    private final AtomicInteger ids = new AtomicInteger();
    private final List<JournalEntry> journal = new ArrayList<>();
    private String user;
    private boolean up = true;
    private Optional<Instant> dbCreated = Optional.empty();
    private Optional<Instant> quarantined = Optional.empty();
    private boolean dbLocked;

    FakeBjca(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void insertKey(String user) {
        this.user = user;
    }

    @Override
    public synchronized void removeKey() {
        this.user = null;
    }

    @Override
    public synchronized void carryOverDb() {
        dbCreated = Optional.of(IMAGE_BUILT);
    }

    @Override
    public synchronized void serviceUp(boolean up) {
        this.up = up;
    }

    /** The next reset fails as if the nursing app held the file open. */
    synchronized void lockDb(boolean locked) {
        this.dbLocked = locked;
    }

    @Override
    public XtxClient client() {
        return client;
    }

    @Override
    public SoftkeyStore store() {
        return store;
    }

    @Override
    public void close() {
    }

    private synchronized void requireUp() throws XtxException {
        if (!up) {
            throw new XtxException(XtxException.Kind.UNAVAILABLE,
                    "connection refused: ws://127.0.0.1:21051/xtxapp/");
        }
    }

    private final XtxClient client = new XtxClient() {
        @Override
        public String bridge() {
            return "websocket";
        }

        @Override
        public boolean checkSoftDeviceEnv() throws XtxException {
            requireUp();
            synchronized (FakeBjca.this) {
                if (dbCreated.isEmpty()) {
                    dbCreated = Optional.of(clock.instant()); // BJCA creates a fresh db when there is none
                    return true;
                }
                return !dbCreated.get().isBefore(OS_INSTALLED);
            }
        }

        @Override
        public String version() throws XtxException {
            requireUp();
            return "3.2.1";
        }

        @Override
        public List<KeyUser> userList() throws XtxException {
            requireUp();
            synchronized (FakeBjca.this) {
                return user == null ? List.of() : List.of(new KeyUser(user, "UserKey/5303201812001784"));
            }
        }

        @Override
        public int deviceCount() throws XtxException {
            requireUp();
            synchronized (FakeBjca.this) {
                return user == null ? 0 : 1;
            }
        }

        @Override
        public List<String> deviceSerials() throws XtxException {
            return deviceCount() == 0 ? List.of() : List.of("5303201812001784");
        }

        @Override
        public String deviceInfo(String serial, int type) throws XtxException {
            requireUp();
            return type == 7 ? "HARD" : "";
        }

        @Override
        public String exportUserCert(String certId) throws XtxException {
            requireUp();
            return "";
        }

        @Override
        public String certInfo(String cert, int type) throws XtxException {
            requireUp();
            return "";
        }

        @Override
        public int validateCert(String cert) throws XtxException {
            requireUp();
            return 0;
        }

        @Override
        public int pinRetryCount(String certId) throws XtxException {
            requireUp();
            return 10;
        }

        @Override
        public AutoCloseable onUsbkeyChange(Runnable listener) {
            return () -> { };
        }

        @Override
        public void close() {
        }
    };

    private final SoftkeyStore store = new SoftkeyStore() {
        @Override
        public DbFacts inspect() {
            synchronized (FakeBjca.this) {
                return dbCreated.map(c -> new DbFacts(DB, true, 8192, Optional.of(c), Optional.of(c)))
                        .orElse(DbFacts.missing(DB));
            }
        }

        @Override
        public Diagnosis diagnose() {
            return Diagnosis.of(inspect(), Optional.of(OS_INSTALLED), Optional.empty());
        }

        @Override
        public JournalEntry reset(String reason) throws SoftkeyException {
            synchronized (FakeBjca.this) {
                if (dbLocked) {
                    throw new SoftkeyException(SoftkeyException.Reason.LOCKED,
                            "bjca_softkey.db is open in another process");
                }
                if (dbCreated.isEmpty()) {
                    throw new SoftkeyException(SoftkeyException.Reason.NOT_FOUND, "bjca_softkey.db does not exist");
                }
                quarantined = dbCreated;
                dbCreated = Optional.empty();
                JournalEntry e = new JournalEntry("q" + ids.incrementAndGet(), DB.toString(),
                        "/quarantine/" + ids.get() + "/bjca_softkey.db", 8192, quarantined, quarantined, "00",
                        reason, clock.instant(), JournalEntry.MOVED, Optional.empty());
                journal.add(e);
                return e;
            }
        }

        @Override
        public JournalEntry restore(String id) throws SoftkeyException {
            synchronized (FakeBjca.this) {
                for (int i = 0; i < journal.size(); i++) {
                    JournalEntry e = journal.get(i);
                    if (e.id().equals(id) && e.restorable()) {
                        dbCreated = quarantined;
                        JournalEntry done = new JournalEntry(e.id(), e.originalPath(), e.quarantinePath(), e.size(),
                                e.created(), e.modified(), e.sha256(), e.reason(), e.movedAt(),
                                JournalEntry.RESTORED, Optional.of(clock.instant()));
                        journal.set(i, done);
                        return done;
                    }
                }
                throw new SoftkeyException(SoftkeyException.Reason.UNKNOWN_ID, "no quarantine entry " + id);
            }
        }

        @Override
        public List<JournalEntry> journal() {
            synchronized (FakeBjca.this) {
                return List.copyOf(journal);
            }
        }
    };
}
