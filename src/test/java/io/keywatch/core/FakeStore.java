package io.keywatch.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * In-memory SoftkeyStore that plays the incident with a FakeXtx: a carried-over db makes the
 * environment fail; resetting it lets the next check pass.
 */
public final class FakeStore implements SoftkeyStore {
    private final FakeXtx xtx;
    public boolean dbPresent = true;
    public SoftkeyException refuse;
    public final List<JournalEntry> journal = new ArrayList<>();
    private final Path path = Path.of("/home/nurse/.local/share/BJCA/bjca_softkey.db");
    private static final Instant IMAGE = Instant.parse("2023-11-15T09:00:00Z");
    private static final Instant INSTALLED = Instant.parse("2024-01-20T09:00:00Z");

    public FakeStore(FakeXtx xtx) {
        this.xtx = xtx;
        xtx.envOk = false;
    }

    @Override
    public DbFacts inspect() {
        return dbPresent ? new DbFacts(path, true, 4096, Optional.of(IMAGE), Optional.of(IMAGE)) : DbFacts.missing(path);
    }

    @Override
    public Diagnosis diagnose() {
        return Diagnosis.of(inspect(), Optional.of(INSTALLED), Optional.empty());
    }

    @Override
    public JournalEntry reset(String reason) throws SoftkeyException {
        if (refuse != null) {
            throw refuse;
        }
        if (!dbPresent) {
            throw new SoftkeyException(SoftkeyException.Reason.NOT_FOUND, "no db");
        }
        dbPresent = false;
        xtx.envOk = true; // BJCA creates a fresh db on the next check
        JournalEntry e = new JournalEntry("q" + journal.size(), path.toString(), "/q/" + journal.size(), 4096,
                Optional.of(IMAGE), Optional.of(IMAGE), "ab", reason, INSTALLED, JournalEntry.MOVED, Optional.empty());
        journal.add(e);
        return e;
    }

    @Override
    public JournalEntry restore(String id) throws SoftkeyException {
        for (int i = 0; i < journal.size(); i++) {
            JournalEntry e = journal.get(i);
            if (e.id().equals(id) && e.restorable()) {
                JournalEntry r = new JournalEntry(e.id(), e.originalPath(), e.quarantinePath(), e.size(), e.created(),
                        e.modified(), e.sha256(), e.reason(), e.movedAt(), JournalEntry.RESTORED,
                        Optional.of(INSTALLED));
                journal.set(i, r);
                dbPresent = true;
                xtx.envOk = false;
                return r;
            }
        }
        throw new SoftkeyException(SoftkeyException.Reason.UNKNOWN_ID, "unknown id " + id);
    }

    @Override
    public List<JournalEntry> journal() {
        return List.copyOf(journal);
    }
}
