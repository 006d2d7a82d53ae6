package io.keywatch.softkey;

import static io.keywatch.softkey.Refusals.describe;
import static io.keywatch.softkey.Refusals.refusal;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import io.keywatch.files.PrivateFolders;
import io.keywatch.platform.GenericPlatform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead reset and restore. A reset: the checks ({@link DbGuard}), then an {@code INTENT}
 * record forced to disk, then the entry's folder, the move ({@link FileTransfer}), then {@code MOVED}.
 * A restore: the quarantined copy verified against the journal's SHA-256, a fresh db in the way
 * quarantined first (an ordinary reset), then {@code RESTORE_INTENT}, the move back, {@code RESTORED}.
 * Killed at any instant, what is on disk plus the journal tells {@link Recovery} how to finish or undo.
 *
 * <p>Step names given to {@link FileOps#step} (a test kills a process at each): {@code reset.start},
 * {@code reset.intent}, {@code reset.folder}, the transfer's {@code reset.copying}, {@code reset.copied},
 * {@code reset.renamed}, {@code reset.source-removed}, then {@code reset.done}; and {@code restore.start},
 * {@code restore.fresh-moved}, {@code restore.intent}, the transfer's {@code restore.*}, {@code restore.done}.
 * Every method expects the caller to hold the quarantine lock.
 */
final class JournalledMove {
    private static final Logger LOG = LoggerFactory.getLogger(JournalledMove.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path quarantine;
    private final QuarantineJournal journal;
    private final DbGuard guard;
    private final FileOps ops;
    private final FileTransfer transfer;
    private final Clock clock;

    JournalledMove(Path quarantine, QuarantineJournal journal, DbGuard guard, FileOps ops, Clock clock) {
        this.quarantine = quarantine;
        this.journal = journal;
        this.guard = guard;
        this.ops = ops;
        this.transfer = new FileTransfer(ops);
        this.clock = clock;
    }

    /** Moves {@code file} into a new quarantine folder, journalled ahead. */
    JournalEntry reset(Path file, String reason, JournalState state) throws SoftkeyException, IOException {
        guard.requireSafeLocation(file);
        BasicFileAttributes a = guard.regularFileAttributes(file);
        FileFacts.Digest digest = guard.digestUnlessLocked(file);
        String id = newId(state);
        Path dir = quarantine.resolve(id);
        Path target = dir.resolve(file.getFileName());
        Optional<Instant> created = GenericPlatform.creationTime(a);
        Instant modified = a.lastModifiedTime().toInstant();
        JournalEntry entry = new JournalEntry(id, file.toString(), target.toString(), digest.size(), created,
                Optional.of(modified), digest.sha256(), reason, clock.instant(), JournalEntry.MOVED, Optional.empty());
        ops.step("reset.start");
        try {
            PrivateFolders.create(quarantine);
            journal.append(JournalState.resetRecord(JournalState.INTENT, entry));
        } catch (IOException e) {
            throw new SoftkeyException(Reason.IO, "the journal " + journal.file() + " could not be written ("
                    + describe(e) + "); " + file + " was not moved, nothing changed", e);
        }
        ops.step("reset.intent");
        try {
            PrivateFolders.createNew(dir);
            ops.forceDirectory(quarantine);
        } catch (IOException e) {
            abort(id, "the quarantine folder " + dir + " could not be created: " + describe(e));
            throw refusal(e, dir);
        }
        ops.step("reset.folder");
        try {
            transfer.move(file, target, id, digest, modified, created, "reset");
        } catch (SoftkeyException | RuntimeException e) {
            deleteEmptyFolder(dir);
            abort(id, "the move failed: " + e.getMessage());
            throw e;
        }
        try {
            journal.append(JournalState.resetRecord(JournalState.MOVED, entry));
        } catch (IOException e) {
            transfer.move(target, file, id, digest, modified, created, "undo");
            deleteEmptyFolder(dir);
            abort(id, "the journal could not record the move");
            throw new SoftkeyException(Reason.IO, "the journal " + journal.file() + " could not be written ("
                    + describe(e) + "); " + file + " was put back, nothing changed", e);
        }
        ops.step("reset.done");
        LOG.info("Moved {} ({} bytes, sha256 {}) to quarantine {} as {}: {}", file, digest.size(), digest.sha256(),
                target, id, reason);
        return entry;
    }

    /** Brings a quarantined db back, journalled ahead; a fresh db in the way is quarantined first. */
    JournalEntry restore(String id, JournalState state) throws SoftkeyException, IOException {
        JournalEntry entry = state.entry(id).orElseThrow(() -> new SoftkeyException(Reason.UNKNOWN_ID,
                "no quarantined db with id " + id + " in " + journal.file()));
        if (!entry.restorable()) {
            throw new SoftkeyException(Reason.UNKNOWN_ID, "quarantine id " + id + " was already restored"
                    + entry.restoredAt().map(t -> " at " + t).orElse(""));
        }
        Path source = quarantined(entry);
        Path target = Path.of(entry.originalPath()).toAbsolutePath().normalize();
        guard.requireSafeLocation(target);
        FileFacts.Digest digest = verifiedQuarantineCopy(entry, source);
        ops.step("restore.start");
        JournalEntry fresh = null;
        BasicFileAttributes existing = existing(target);
        if (existing != null) {
            Optional<String> problem = FileFacts.notRegularFile(target, existing);
            if (problem.isPresent()) {
                throw new SoftkeyException(Reason.NOT_A_REGULAR_FILE, problem.get() + "; restore refused");
            }
            fresh = reset(target, "replaced by restore of " + id, state);
            LOG.info("{} existed (BJCA created it after the reset); quarantined it as {} before restoring {}",
                    target, fresh.id(), id);
            ops.step("restore.fresh-moved");
        }
        try {
            journal.append(JournalState.record(JournalState.RESTORE_INTENT, id, "at", clock.instant().toString()));
        } catch (IOException e) {
            putBack(fresh);
            throw new SoftkeyException(Reason.IO, "the journal " + journal.file() + " could not be written ("
                    + describe(e) + "); the quarantined copy stays in " + source, e);
        }
        ops.step("restore.intent");
        try {
            transfer.move(source, target, id, digest, entry.modified().orElse(null), entry.created(), "restore");
        } catch (SoftkeyException | RuntimeException e) {
            abortRestore(id, "the move back failed: " + e.getMessage());
            putBack(fresh);
            throw e;
        }
        entry.modified().ifPresent(m -> FileTransfer.setTimes(target, m, entry.created()));
        deleteEmptyFolder(source.getParent()); // before RESTORED: an empty folder is never left behind
        Instant now = clock.instant();
        try {
            journal.append(JournalState.record(JournalState.RESTORED, id, "restoredAt", now.toString()));
        } catch (IOException e) {
            // The db is back and verified; the open intent says so, and the next start records it.
            LOG.error("restored {} to {}, but the journal {} could not record it ({}); the next start of KeyWatch "
                    + "records it", id, target, journal.file(), describe(e));
        }
        ops.step("restore.done");
        LOG.info("Restored {} from quarantine {} ({} bytes, sha256 verified)", target, id, digest.size());
        return JournalState.withOutcome(entry, JournalEntry.RESTORED, Optional.of(now));
    }

    /** The entry's quarantined file, refused when the journal points outside the quarantine. */
    Path quarantined(JournalEntry entry) throws SoftkeyException {
        Path source = Path.of(entry.quarantinePath()).toAbsolutePath().normalize();
        if (!source.startsWith(quarantine) || source.equals(quarantine)) {
            throw new SoftkeyException(Reason.CORRUPT_QUARANTINE, "journal entry " + entry.id() + " points to "
                    + source + ", outside the quarantine " + quarantine);
        }
        return source;
    }

    private BasicFileAttributes existing(Path target) throws SoftkeyException {
        try {
            return ops.readAttributes(target);
        } catch (NoSuchFileException e) {
            return null; // the usual case: nothing at the original place
        } catch (IOException e) {
            throw refusal(e, target);
        }
    }

    /** After a failed restore, the db that was in the way goes back where it was. */
    private void putBack(JournalEntry fresh) {
        if (fresh == null) {
            return;
        }
        try {
            restore(fresh.id(), journal.read());
        } catch (SoftkeyException | IOException e) {
            LOG.error("could not put {} back from quarantine {}: {}; restore it with its id", fresh.originalPath(),
                    fresh.id(), e.getMessage());
        }
    }

    private void abort(String id, String note) {
        try {
            journal.append(JournalState.record(JournalState.ABORTED, id, "note", note));
        } catch (IOException e) {
            LOG.warn("could not journal that reset {} was rolled back ({}); the next start records it", id, e.toString());
        }
    }

    private void abortRestore(String id, String note) {
        try {
            journal.append(JournalState.record(JournalState.RESTORE_ABORTED, id, "note", note));
        } catch (IOException e) {
            LOG.warn("could not journal that restore {} was rolled back ({}); the next start records it", id,
                    e.toString());
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

    static void deleteEmptyFolder(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            LOG.debug("{} is not empty; kept", dir);
        } catch (IOException e) {
            LOG.warn("could not remove the empty quarantine folder {}: {}", dir, e.toString());
        }
    }

    /** Whether {@code name} has the shape of a quarantine id. */
    static boolean isId(String name) {
        return name.matches("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{6}");
    }

    /** When the id was made (its time part). */
    static Instant timeOf(String id) {
        return ID_TIME.parse(id.substring(0, id.indexOf('-')), Instant::from);
    }

    /** UTC time to the millisecond plus a random suffix; never an id the journal or the quarantine has. */
    private String newId(JournalState state) throws IOException {
        String time = ID_TIME.format(clock.instant());
        for (int attempt = 0; attempt < 50; attempt++) {
            byte[] suffix = new byte[3];
            RANDOM.nextBytes(suffix);
            String id = time + "-" + HexFormat.of().formatHex(suffix);
            if (!state.knows(id) && !Files.exists(quarantine.resolve(id), LinkOption.NOFOLLOW_LINKS)) {
                return id;
            }
        }
        throw new IOException("no free quarantine id in " + quarantine);
    }
}
