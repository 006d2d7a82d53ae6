package io.keywatch.softkey;

import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import io.keywatch.core.SoftkeyStore;
import io.keywatch.platform.GenericPlatform;
import io.keywatch.platform.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bjca_softkey.db} on disk: inspect, diagnose, and a reset that is always a journalled move into
 * the quarantine, undone byte for byte by {@link #restore}.
 *
 * <p>Layout under the data folder: {@code quarantine/journal.jsonl} (see {@link QuarantineJournal}),
 * {@code quarantine/journal.lock}, and one folder per reset, {@code quarantine/<id>/bjca_softkey.db}.
 *
 * <p>Safety rules, checked before anything changes: the db and every folder from the BJCA folder down
 * to it must be plain (no symbolic link, junction or other reparse point; links are never followed),
 * and its real path must lie inside the BJCA folder. Facts and the SHA-256 are taken before the move.
 * Within one volume the move is a single rename; across volumes the file is copied, the copy's digest
 * verified, and only then the original removed (a failed copy, e.g. a full disk, leaves the original
 * untouched and removes the partial copy). If the journal cannot be written, the move is undone.
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
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Words Windows (English and Chinese) and Linux use for a file another program holds open or locked. */
    private static final List<String> LOCK_WORDS = List.of("another process", "being used", "locked",
            "resource busy", "正在使用", "已锁定");

    private final Path db;
    private final Path bjcaFolder;
    private final Path quarantine;
    private final QuarantineJournal journal;
    private final Supplier<Optional<Instant>> osInstallDate;
    private final Supplier<Optional<Instant>> profileCreated;
    private final Clock clock;
    private final FileOps ops;

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
        this.bjcaFolder = bjcaFolder.toAbsolutePath().normalize();
        this.quarantine = dataDir.toAbsolutePath().normalize().resolve(QUARANTINE_FOLDER);
        this.journal = new QuarantineJournal(quarantine);
        this.osInstallDate = osInstallDate;
        this.profileCreated = profileCreated;
        this.clock = clock;
        this.ops = ops;
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
                requireSafeLocation(db);
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
            boolean inherited = locked(journal::read).stream().anyMatch(e -> e.restorable()
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
        return locked(() -> quarantine(db, reason));
    }

    /**
     * Why {@link #reset} would refuse the db as it is now (missing, a folder, a link, outside the BJCA
     * folder, unreadable), or empty when it would go ahead. Read-only; a lock held by another program
     * is not a refusal here (closing that program is the advice).
     */
    public Optional<String> resetRefusal() {
        try {
            requireSafeLocation(db);
            regularFileAttributes(db);
            ops.openRead(db).close();
            return Optional.empty();
        } catch (SoftkeyException e) {
            return e.reason() == Reason.LOCKED ? Optional.empty() : Optional.of(e.getMessage());
        } catch (IOException e) {
            SoftkeyException r = refusal(e, db);
            return r.reason() == Reason.LOCKED ? Optional.empty() : Optional.of(r.getMessage());
        }
    }

    @Override
    public JournalEntry restore(String id) throws SoftkeyException {
        return locked(() -> bringBack(id));
    }

    @Override
    public List<JournalEntry> journal() throws SoftkeyException {
        if (!Files.exists(journal.file(), LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        return locked(journal::read);
    }

    private <T> T locked(QuarantineJournal.Action<T, SoftkeyException> action) throws SoftkeyException {
        try {
            return journal.exclusively(action);
        } catch (IOException e) {
            throw new SoftkeyException(Reason.IO, "quarantine " + quarantine + ": " + describe(e), e);
        }
    }

    /** Moves {@code file} into a new quarantine folder and journals it. Caller holds the lock. */
    private JournalEntry quarantine(Path file, String reason) throws SoftkeyException, IOException {
        requireSafeLocation(file);
        BasicFileAttributes a = regularFileAttributes(file);
        FileFacts.Digest digest = digestUnlessLocked(file);
        Path dir = newQuarantineFolder();
        String id = dir.getFileName().toString();
        Path target = dir.resolve(file.getFileName());
        Optional<Instant> created = GenericPlatform.creationTime(a);
        Instant modified = a.lastModifiedTime().toInstant();
        JournalEntry entry = new JournalEntry(id, file.toString(), target.toString(), digest.size(), created,
                Optional.of(modified), digest.sha256(), reason, clock.instant(), JournalEntry.MOVED, Optional.empty());
        try {
            transfer(file, target, digest, modified, created);
        } catch (SoftkeyException | RuntimeException e) {
            deleteEmptyFolder(dir);
            throw e;
        }
        try {
            journal.appendMoved(entry);
        } catch (IOException e) {
            undo(target, file, digest, modified, created, "the journal " + journal.file() + " could not be written");
            deleteEmptyFolder(dir);
            throw new SoftkeyException(Reason.IO, "the journal " + journal.file() + " could not be written ("
                    + describe(e) + "); " + file + " was put back, nothing changed", e);
        }
        LOG.info("Moved {} ({} bytes, sha256 {}) to quarantine {} as {}: {}", file, digest.size(), digest.sha256(),
                target, id, reason);
        return entry;
    }

    /** Restores a quarantined db. Caller holds the lock. */
    private JournalEntry bringBack(String id) throws SoftkeyException, IOException {
        JournalEntry entry = journal.read().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new SoftkeyException(Reason.UNKNOWN_ID, "no quarantined db with id " + id
                        + " in " + journal.file()));
        if (!entry.restorable()) {
            throw new SoftkeyException(Reason.UNKNOWN_ID, "quarantine id " + id + " was already restored"
                    + entry.restoredAt().map(t -> " at " + t).orElse(""));
        }
        Path source = Path.of(entry.quarantinePath()).toAbsolutePath().normalize();
        Path target = Path.of(entry.originalPath()).toAbsolutePath().normalize();
        if (!source.startsWith(quarantine) || source.equals(quarantine)) {
            throw new SoftkeyException(Reason.CORRUPT_QUARANTINE, "journal entry " + id + " points to " + source
                    + ", outside the quarantine " + quarantine);
        }
        requireSafeLocation(target);
        FileFacts.Digest digest = verifiedQuarantineCopy(entry, source);
        BasicFileAttributes existing = null;
        try {
            existing = ops.readAttributes(target);
        } catch (NoSuchFileException e) {
            // the usual case: nothing at the original place
        }
        JournalEntry fresh = null;
        if (existing != null) {
            Optional<String> problem = FileFacts.notRegularFile(target, existing);
            if (problem.isPresent()) {
                throw new SoftkeyException(Reason.NOT_A_REGULAR_FILE, problem.get() + "; restore refused");
            }
            fresh = quarantine(target, "replaced by restore of " + id);
            LOG.info("{} existed (BJCA created it after the reset); quarantined it as {} before restoring {}",
                    target, fresh.id(), id);
        }
        try {
            transfer(source, target, digest, entry.modified().orElse(null), entry.created());
        } catch (SoftkeyException e) {
            if (fresh != null) {
                putBack(fresh);
            }
            throw e;
        }
        entry.modified().ifPresent(m -> setTimes(target, m, entry.created()));
        Instant now = clock.instant();
        try {
            journal.appendRestored(id, now);
        } catch (IOException e) {
            undo(target, source, digest, entry.modified().orElse(null), entry.created(),
                    "the journal " + journal.file() + " could not be written");
            throw new SoftkeyException(Reason.IO, "the journal " + journal.file() + " could not be written ("
                    + describe(e) + "); the quarantined copy stays in " + source, e);
        }
        deleteEmptyFolder(source.getParent());
        LOG.info("Restored {} from quarantine {} ({} bytes, sha256 verified)", target, id, digest.size());
        return new JournalEntry(entry.id(), entry.originalPath(), entry.quarantinePath(), entry.size(), entry.created(),
                entry.modified(), entry.sha256(), entry.reason(), entry.movedAt(), JournalEntry.RESTORED,
                Optional.of(now));
    }

    /** After a failed restore, the db that was in the way goes back where it was. */
    private void putBack(JournalEntry fresh) {
        try {
            bringBack(fresh.id());
        } catch (SoftkeyException | IOException e) {
            LOG.error("could not put {} back from quarantine {}: {}; restore it with its id", fresh.originalPath(),
                    fresh.id(), e.getMessage());
        }
    }

    private FileFacts.Digest verifiedQuarantineCopy(JournalEntry entry, Path source) throws SoftkeyException {
        BasicFileAttributes a;
        try {
            a = ops.readAttributes(source);
        } catch (NoSuchFileException e) {
            throw new SoftkeyException(Reason.CORRUPT_QUARANTINE, "the quarantined copy " + source + " of "
                    + entry.id() + " is missing", e);
        } catch (IOException e) {
            throw refusal(e, source);
        }
        Optional<String> problem = FileFacts.notRegularFile(source, a);
        if (problem.isPresent()) {
            throw new SoftkeyException(Reason.CORRUPT_QUARANTINE, problem.get());
        }
        FileFacts.Digest digest;
        try (FileChannel in = ops.openRead(source)) {
            digest = FileFacts.sha256(in, Optional.empty());
        } catch (IOException e) {
            throw refusal(e, source);
        }
        if (!digest.sha256().equalsIgnoreCase(entry.sha256()) || digest.size() != entry.size()) {
            throw new SoftkeyException(Reason.CORRUPT_QUARANTINE, "the quarantined copy " + source + " has changed: "
                    + digest.size() + " bytes, sha256 " + digest.sha256() + ", but the journal recorded "
                    + entry.size() + " bytes, sha256 " + entry.sha256() + "; restore refused");
        }
        return digest;
    }

    /**
     * The db's path and every folder from the BJCA folder down to it must be plain and inside the BJCA
     * folder, also after resolving real paths (a junction the JDK does not report as a link).
     */
    private void requireSafeLocation(Path file) throws SoftkeyException {
        if (!file.startsWith(bjcaFolder) || file.equals(bjcaFolder)) {
            throw new SoftkeyException(Reason.OUTSIDE_BJCA_FOLDER, file + " is not inside the BJCA folder "
                    + bjcaFolder);
        }
        Path dir = bjcaFolder;
        Path parent = file.getParent();
        while (true) {
            try {
                Optional<String> problem = FileFacts.notPlainDirectory(dir, ops.readAttributes(dir));
                if (problem.isPresent()) {
                    throw new SoftkeyException(Reason.NOT_A_REGULAR_FILE, problem.get()
                            + "; the way to the db must not pass through links");
                }
            } catch (IOException e) {
                throw refusal(e, dir);
            }
            if (dir.equals(parent)) {
                break;
            }
            dir = dir.resolve(parent.getName(dir.getNameCount()));
        }
        try {
            Path realFolder = bjcaFolder.toRealPath();
            Path realParent = parent.toRealPath();
            if (!realParent.equals(realFolder.resolve(bjcaFolder.relativize(parent)))) {
                throw new SoftkeyException(Reason.OUTSIDE_BJCA_FOLDER, file + " really lies in " + realParent
                        + ", not inside the BJCA folder " + realFolder);
            }
        } catch (IOException e) {
            throw refusal(e, parent);
        }
    }

    private BasicFileAttributes regularFileAttributes(Path file) throws SoftkeyException {
        BasicFileAttributes a;
        try {
            a = ops.readAttributes(file);
        } catch (IOException e) {
            throw refusal(e, file);
        }
        Optional<String> problem = FileFacts.notRegularFile(file, a);
        if (problem.isPresent()) {
            throw new SoftkeyException(Reason.NOT_A_REGULAR_FILE, problem.get() + "; it is left as it is");
        }
        return a;
    }

    /**
     * The content digest, read under a shared lock: a program holding an exclusive lock on the db
     * (the only kind of lock visible on Linux) makes this a {@code LOCKED} refusal.
     */
    private FileFacts.Digest digestUnlessLocked(Path file) throws SoftkeyException {
        try (FileChannel in = ops.openRead(file)) {
            FileLock lock = tryShareLock(in);
            if (lock == null) {
                throw new SoftkeyException(Reason.LOCKED, file + " is locked by another program (BJCA or the "
                        + "nursing app); close it and try again. Nothing was changed.");
            }
            try (lock) {
                return FileFacts.sha256(in, Optional.empty());
            }
        } catch (IOException e) {
            throw refusal(e, file);
        }
    }

    /** Null when another program (or another channel in this JVM) holds an exclusive lock. */
    private static FileLock tryShareLock(FileChannel in) throws IOException {
        try {
            return in.tryLock(0, Long.MAX_VALUE, true);
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Moves {@code source} to {@code target} (which must not exist): a rename within one store, else a
     * copy whose digest is verified before the source is removed. On failure the source is untouched
     * and no partial target is left.
     */
    private void transfer(Path source, Path target, FileFacts.Digest digest, Instant modified,
                          Optional<Instant> created) throws SoftkeyException {
        if (ops.sameStore(source.getParent(), target.getParent())) {
            try {
                ops.rename(source, target);
                return;
            } catch (IOException e) {
                throw refusal(e, e instanceof FileAlreadyExistsException ? target : source);
            }
        }
        try (FileChannel in = ops.openRead(source); FileChannel out = ops.createNew(target)) {
            FileFacts.Digest copied;
            try {
                copied = FileFacts.sha256(in, Optional.of(out));
                out.force(true);
            } catch (IOException e) {
                throw new IOException("copying to " + target + " failed: " + describe(e), e);
            }
            if (!copied.equals(digest)) {
                throw new SoftkeyException(Reason.IO, source + " changed while it was being copied to " + target
                        + "; the original is left as it is");
            }
        } catch (FileAlreadyExistsException e) {
            throw refusal(e, target); // it is not ours: leave it
        } catch (SoftkeyException e) {
            deletePartialCopy(target);
            throw e;
        } catch (IOException e) {
            deletePartialCopy(target);
            throw refusal(e, source);
        }
        if (modified != null) {
            setTimes(target, modified, created);
        }
        try {
            Files.delete(source);
        } catch (IOException e) {
            deletePartialCopy(target);
            throw refusal(e, source);
        }
    }

    /** Puts a file back after a later step failed; logs loudly when even that fails. */
    private void undo(Path movedTo, Path originallyAt, FileFacts.Digest digest, Instant modified,
                      Optional<Instant> created, String why) throws SoftkeyException {
        try {
            transfer(movedTo, originallyAt, digest, modified, created);
        } catch (SoftkeyException e) {
            LOG.error("{}; moving {} back to {} failed too: {}", why, movedTo, originallyAt, e.getMessage());
            throw new SoftkeyException(Reason.IO, why + "; the file is now at " + movedTo + " and could not be "
                    + "moved back to " + originallyAt + " (" + e.getMessage() + "): move it back by hand", e);
        }
    }

    private void deletePartialCopy(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            LOG.warn("could not remove the partial copy {}: {}", target, e.toString());
        }
    }

    private static void deleteEmptyFolder(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            LOG.debug("{} is not empty; kept", dir);
        } catch (IOException e) {
            LOG.warn("could not remove the empty quarantine folder {}: {}", dir, e.toString());
        }
    }

    /** Best effort: Linux keeps no creation time, and a file system may refuse either. */
    private static void setTimes(Path p, Instant modified, Optional<Instant> created) {
        try {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(modified), null, created.map(FileTime::from).orElse(null));
        } catch (IOException e) {
            LOG.warn("could not set the original times on {}: {}", p, e.toString());
        }
    }

    /** {@code quarantine/<id>}, created here; ids are UTC time to the millisecond plus a random suffix. */
    private Path newQuarantineFolder() throws IOException {
        Files.createDirectories(quarantine);
        String time = ID_TIME.format(clock.instant());
        for (int attempt = 0; ; attempt++) {
            byte[] suffix = new byte[3];
            RANDOM.nextBytes(suffix);
            Path dir = quarantine.resolve(time + "-" + HexFormat.of().formatHex(suffix));
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    /** Turns an I/O failure into the refusal a caller can act on. */
    static SoftkeyException refusal(IOException e, Path p) {
        if (e instanceof NoSuchFileException) {
            return new SoftkeyException(Reason.NOT_FOUND, p + " does not exist", e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new SoftkeyException(Reason.ALREADY_EXISTS, p + " already exists", e);
        }
        if (isLockViolation(e)) {
            return new SoftkeyException(Reason.LOCKED, p + " is in use by another program (BJCA or the nursing "
                    + "app); close it and try again. Nothing was changed. (" + describe(e) + ")", e);
        }
        return new SoftkeyException(Reason.IO, describe(e), e);
    }

    /**
     * Windows reports a sharing or lock violation as a plain {@link FileSystemException} with the
     * system's (possibly Chinese) text and no error code; permissions and missing files have their own
     * subclasses.
     */
    static boolean isLockViolation(IOException e) {
        if (!(e instanceof FileSystemException) || e instanceof AccessDeniedException
                || e.getClass() != FileSystemException.class) {
            return false;
        }
        String reason = String.valueOf(((FileSystemException) e).getReason()).toLowerCase(Locale.ROOT);
        return LOCK_WORDS.stream().anyMatch(reason::contains);
    }

    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
