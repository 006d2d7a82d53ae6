package io.keywatch.softkey;

import static io.keywatch.softkey.Refusals.describe;

import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import io.keywatch.core.SoftkeyStore;
import io.keywatch.files.PrivateFolders;
import io.keywatch.platform.GenericPlatform;
import io.keywatch.platform.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bjca_softkey.db} on disk: inspect, diagnose, and a reset that is always a journalled move into
 * the quarantine, undone byte for byte by {@link #restore}.
 *
 * <p>Layout under the data folder (private to the user, see {@link PrivateFolders}):
 * {@code quarantine/journal.jsonl} (see {@link QuarantineJournal}), {@code quarantine/journal.lock}, and
 * one folder per reset, {@code quarantine/<id>/bjca_softkey.db}.
 *
 * <p>Safety rules, checked before anything changes ({@link DbGuard}): the db and every folder from the
 * BJCA folder down to it must be plain (no symbolic link, junction or other reparse point), its real
 * path must lie inside the BJCA folder, and no other program may hold it locked. The move itself is
 * write-ahead ({@link JournalledMove}, {@link FileTransfer}) and survives a kill or power loss at any
 * instant: {@link #recoverInterrupted} (every start) and every reset, restore and journal read
 * finish or roll back what was interrupted ({@link Recovery}).
 *
 * <p>Restore when BJCA has meanwhile created a fresh db: the fresh db is first quarantined with its own
 * journal entry (reason {@code "replaced by restore of <id>"}), so nothing is ever overwritten and
 * either file can be brought back later.
 *
 * <p>Thread-safe, and safe against other processes using the same data folder (see
 * {@link QuarantineJournal#exclusively}).
 */
public final class SoftkeyDb implements SoftkeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(SoftkeyDb.class);
    public static final String FILE_NAME = "bjca_softkey.db";
    public static final String QUARANTINE_FOLDER = "quarantine";

    private final Path db;
    private final Path quarantine;
    private final QuarantineJournal journal;
    private final Supplier<Optional<Instant>> osInstallDate;
    private final Supplier<Optional<Instant>> profileCreated;
    private final FileOps ops;
    private final Path bjcaFolder;
    private final Clock clock;
    /**
     * Made on first use: the idle tray, which has not checked yet, needs none of their classes; a
     * check's diagnosis needs only the guard, so moving and recovery wait for a reset or a journal.
     */
    private DbGuard guard;
    private Movers movers;

    /** The parts that move and recover the db. */
    private record Movers(JournalledMove moves, Recovery recovery) { }

    /**
     * @param dbFile         the db, normally {@code <bjcaFolder>/bjca_softkey.db}; used normalised
     *                       ({@code ..} resolved), so a link before a {@code ..} cannot redirect it
     * @param bjcaFolder     the only folder the db may be taken from or restored to
     * @param dataDir        KeyWatch's data folder; the quarantine lives in {@code dataDir/quarantine}
     * @param osInstallDate  asked at each diagnosis; memoise it if it is slow
     * @param profileCreated asked at each diagnosis; memoise it if it is slow
     * @param clock          for journal times and quarantine ids
     */
    public SoftkeyDb(Path dbFile, Path bjcaFolder, Path dataDir, Supplier<Optional<Instant>> osInstallDate,
                     Supplier<Optional<Instant>> profileCreated, Clock clock) {
        this(dbFile, bjcaFolder, dataDir, osInstallDate, profileCreated, clock, FileOps.SYSTEM);
    }

    SoftkeyDb(Path dbFile, Path bjcaFolder, Path dataDir, Supplier<Optional<Instant>> osInstallDate,
              Supplier<Optional<Instant>> profileCreated, Clock clock, FileOps ops) {
        this.db = dbFile.toAbsolutePath().normalize();
        this.quarantine = dataDir.toAbsolutePath().normalize().resolve(QUARANTINE_FOLDER);
        this.journal = new QuarantineJournal(quarantine);
        this.osInstallDate = osInstallDate;
        this.profileCreated = profileCreated;
        this.ops = ops;
        this.bjcaFolder = bjcaFolder.toAbsolutePath().normalize();
        this.clock = clock;
    }

    // Held only while making the parts (nothing else locks this object), so plain synchronized will do.
    private synchronized DbGuard guard() {
        if (guard == null) {
            guard = new DbGuard(bjcaFolder, ops);
        }
        return guard;
    }

    private synchronized Movers movers() {
        if (movers == null) {
            JournalledMove moves = new JournalledMove(quarantine, journal, guard(), ops, clock);
            movers = new Movers(moves, new Recovery(journal, moves, ops, db));
        }
        return movers;
    }

    /**
     * A db in a sandbox (the demo) on a file system that cannot set creation times: {@code creationTimes}
     * says when a regular file was created where it knows, as Windows would report after an image deployment.
     */
    public static SoftkeyDb inSandbox(Path dbFile, Path bjcaFolder, Path dataDir,
                                      Supplier<Optional<Instant>> osInstallDate,
                                      java.util.function.Function<Path, Optional<Instant>> creationTimes, Clock clock) {
        FileOps ops = new FileOps() {
            @Override
            public BasicFileAttributes readAttributes(Path p) throws IOException {
                BasicFileAttributes real = FileOps.super.readAttributes(p);
                if (!real.isRegularFile()) {
                    return real;
                }
                return creationTimes.apply(p).<BasicFileAttributes>map(c -> new io.keywatch.platform.KnownCreationTime(real, c))
                        .orElse(real);
            }
        };
        return new SoftkeyDb(dbFile, bjcaFolder, dataDir, osInstallDate, Optional::empty, clock, ops);
    }

    /** The platform's BJCA folder, db and data folder; the install and profile dates are read once. */
    public static SoftkeyDb forPlatform(Platform platform, Clock clock) {
        Path folder = platform.defaultBjcaFolder();
        return forPlatform(platform, folder.resolve(FILE_NAME), folder, platform.defaultDataDir(), clock);
    }

    /**
     * The given db, folder and data folder (from configuration) with the platform's install and profile
     * dates, read once on first need: a long-running tray must not ask the registry at every check.
     */
    public static SoftkeyDb forPlatform(Platform platform, Path dbFile, Path bjcaFolder, Path dataDir, Clock clock) {
        return new SoftkeyDb(dbFile, bjcaFolder, dataDir, memoise(platform::osInstallDate),
                memoise(platform::profileCreated), clock);
    }

    public Path dbFile() {
        return db;
    }

    public Path quarantineFolder() {
        return quarantine;
    }

    @Override
    public DbFacts inspect() {
        try {
            return facts(ops.readAttributes(db));
        } catch (NoSuchFileException e) {
            return DbFacts.missing(db);
        } catch (IOException | RuntimeException e) {
            // Only "no such file" proves absence; something is there that cannot be looked at.
            LOG.debug("cannot read the attributes of {}: {}", db, e.toString());
            return new DbFacts(db, true, 0, Optional.empty(), Optional.empty());
        }
    }

    @Override
    public Diagnosis diagnose() {
        Optional<Instant> installed = safely(osInstallDate);
        Optional<Instant> profile = safely(profileCreated);
        BasicFileAttributes a;
        try {
            a = ops.readAttributes(db);
        } catch (NoSuchFileException e) {
            return Diagnosis.of(DbFacts.missing(db), installed, profile);
        } catch (IOException | RuntimeException e) {
            return Diagnosis.unreadable(inspect(), describe(e), installed, profile);
        }
        DbFacts facts = facts(a);
        Optional<String> problem = FileFacts.notRegularFile(db, a);
        if (problem.isEmpty()) {
            try {
                guard().requireSafeLocation(db);
            } catch (SoftkeyException e) {
                problem = Optional.of(e.getMessage());
            }
        }
        if (problem.isEmpty()) {
            try (FileChannel ignored = ops.openRead(db)) {
                // Opening is enough to know BJCA's user can read it; no lock, so BJCA is never disturbed.
            } catch (IOException | RuntimeException e) {
                problem = Optional.of(describe(e));
            }
        }
        return problem.isPresent() ? Diagnosis.unreadable(facts, problem.get(), installed, profile)
                : Diagnosis.of(facts, installed, profile);
    }

    private DbFacts facts(BasicFileAttributes a) {
        return new DbFacts(db, true, a.size(), creationTime(a), Optional.of(a.lastModifiedTime().toInstant()));
    }

    /**
     * The db's creation time, unless Windows invented it. NTFS "tunnelling" gives a file created under a
     * name within 15 seconds of the previous file of that name being moved away that file's creation
     * time: BJCA's fresh db, created by the check right after a reset, would show the quarantined db's
     * date and look carried over again. A db written after a reset (and not restored) whose creation
     * time equals the quarantined one's is such a case: its creation time is unknown.
     */
    private Optional<Instant> creationTime(BasicFileAttributes a) {
        Optional<Instant> created = GenericPlatform.creationTime(a);
        if (created.isEmpty() || !Files.exists(journal.file(), LinkOption.NOFOLLOW_LINKS)) {
            return created;
        }
        Instant modified = a.lastModifiedTime().toInstant();
        try {
            boolean inherited = locked(() -> journal.read().entries()).stream().anyMatch(e -> e.restorable()
                    && e.created().equals(created) && modified.isAfter(e.movedAt())
                    && Path.of(e.originalPath()).toAbsolutePath().normalize().equals(db));
            return inherited ? Optional.empty() : created;
        } catch (SoftkeyException | RuntimeException e) {
            LOG.debug("journal unreadable while dating {}: {}", db, e.getMessage());
            return created;
        }
    }

    @Override
    public JournalEntry reset(String reason) throws SoftkeyException {
        return locked(() -> movers().moves().reset(db, reason, recovered(false)));
    }

    /**
     * Why {@link #reset} would refuse the db as it is now (missing, a folder, a link, outside the BJCA
     * folder, unreadable), or empty when it would go ahead. Read-only; a lock held by another program
     * is not a refusal here (closing that program is the advice).
     */
    public Optional<String> resetRefusal() {
        try {
            guard().requireSafeLocation(db);
            guard().regularFileAttributes(db);
            ops.openRead(db).close();
            return Optional.empty();
        } catch (SoftkeyException e) {
            return e.reason() == Reason.LOCKED ? Optional.empty() : Optional.of(e.getMessage());
        } catch (IOException e) {
            SoftkeyException r = Refusals.refusal(e, db);
            return r.reason() == Reason.LOCKED ? Optional.empty() : Optional.of(r.getMessage());
        }
    }

    @Override
    public JournalEntry restore(String id) throws SoftkeyException {
        return locked(() -> movers().moves().restore(id, recovered(true)));
    }

    @Override
    public List<JournalEntry> journal() throws SoftkeyException {
        if (!Files.exists(quarantine, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        return locked(() -> recovered(true).entries());
    }

    /**
     * What every start of KeyWatch calls once: makes the data folder and the quarantine private
     * ({@link PrivateFolders}), and finishes or rolls back a reset or restore a crash interrupted
     * ({@link Recovery}). Without a journal, or with one that has no open intent, it reads the journal
     * once without taking the lock and changes nothing. Never throws; returns how many intents it closed.
     */
    public int recoverInterrupted() {
        PrivateFolders.tighten(quarantine.getParent());
        if (PrivateFolders.tighten(quarantine)) {
            try (Stream<Path> entries = Files.list(quarantine)) {
                entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(PrivateFolders::tighten);
            } catch (IOException e) {
                LOG.warn("could not make the folders in {} private: {}", quarantine, e.toString());
            }
        }
        if (!Files.exists(journal.file(), LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try {
            if (!journal.read(false).hasOpenIntents()) {
                return 0;
            }
            return locked(() -> movers().recovery().run(journal.read()));
        } catch (IOException | SoftkeyException | RuntimeException e) {
            LOG.warn("could not check the quarantine journal {} for an interrupted reset: {}", journal.file(),
                    e.getMessage());
            return 0;
        }
    }

    /**
     * The journal after recovery of what an interrupted reset or restore left; with {@code adopt}, also
     * of a db an earlier version left in the quarantine without a record (only restore and the journal
     * adopt: prepare-image's resets act for other profiles, whose db an orphan is not). Caller holds the lock.
     */
    private JournalState recovered(boolean adopt) throws SoftkeyException {
        JournalState state = readJournal();
        if (state.hasOpenIntents()) {
            movers().recovery().run(state);
            state = readJournal();
        }
        return adopt && movers().recovery().adoptOrphans(state) > 0 ? readJournal() : state;
    }

    private JournalState readJournal() throws SoftkeyException {
        try {
            return journal.read();
        } catch (IOException e) {
            throw new SoftkeyException(Reason.IO, "the quarantine journal " + journal.file() + " cannot be read ("
                    + describe(e) + "); nothing changed", e);
        }
    }

    private <T> T locked(QuarantineJournal.Action<T, SoftkeyException> action) throws SoftkeyException {
        try {
            return journal.exclusively(action);
        } catch (IOException e) {
            throw new SoftkeyException(Reason.IO, "quarantine " + quarantine + ": " + describe(e), e);
        }
    }

    private static Optional<Instant> safely(Supplier<Optional<Instant>> s) {
        try {
            Optional<Instant> v = s.get();
            return v == null ? Optional.empty() : v;
        } catch (RuntimeException e) {
            LOG.warn("could not read a reference date: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Reads the value on first use (not at start-up) and keeps it: install dates do not change. */
    private static Supplier<Optional<Instant>> memoise(Supplier<Optional<Instant>> s) {
        return new Supplier<>() {
            private volatile Optional<Instant> value;

            @Override
            public Optional<Instant> get() {
                Optional<Instant> v = value;
                if (v == null) {
                    v = safely(s);
                    value = v;
                }
                return v;
            }
        };
    }
}
