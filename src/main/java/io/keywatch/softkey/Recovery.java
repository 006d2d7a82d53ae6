package io.keywatch.softkey;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or rolls back what an interrupted reset or restore left, from its open intent and what is on
 * disk. It only ever removes KeyWatch's own copies (a partial copy, or a quarantined copy whose
 * original is verified intact at its place) and writes nothing outside the quarantine; the db is
 * never lost and never left in two places.
 *
 * <p>An open reset ({@code INTENT} without {@code MOVED}/{@code ABORTED}), with O the original and Q
 * the quarantined file:
 * <ul>
 * <li>Q complete (size and SHA-256 as journalled) and O gone: the move happened; {@code MOVED}.</li>
 * <li>Q complete and O still there with the same content (killed between the cross-volume copy's
 *     rename and the original's removal): Q is removed; {@code ABORTED}, the db never left.</li>
 * <li>Q complete and O there with other content (BJCA made a fresh db): {@code MOVED}; O is left.</li>
 * <li>No Q: a partial copy is removed; {@code ABORTED} (the db never moved).</li>
 * </ul>
 * An open restore ({@code RESTORE_INTENT} without {@code RESTORED}/{@code RESTORE_ABORTED}):
 * <ul>
 * <li>O complete: the restore happened; a quarantined copy still there (cross-volume) is removed;
 *     {@code RESTORED}.</li>
 * <li>O missing or another file: a partial copy is removed; {@code RESTORE_ABORTED}, the entry stays
 *     restorable (Q must be complete).</li>
 * </ul>
 * Anything else (a quarantined file that no longer matches, a file that cannot be read now) leaves the
 * intent open, with a warning, for the next start. The caller holds the quarantine lock.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private enum Found { ABSENT, MATCHES, OTHER }

    /** The reason of an entry made for a db found in the quarantine without any journal record. */
    static final String ORPHAN_REASON = "found in the quarantine without a journal record (a reset of an earlier "
            + "KeyWatch version was interrupted); its original place is assumed";

    private final QuarantineJournal journal;
    private final JournalledMove moves;
    private final FileOps ops;
    private final Path db;

    Recovery(QuarantineJournal journal, JournalledMove moves, FileOps ops, Path db) {
        this.journal = journal;
        this.moves = moves;
        this.ops = ops;
        this.db = db;
    }

    /**
     * A reset of an earlier version killed between its move and its journal line left
     * {@code quarantine/<id>/bjca_softkey.db} with no record. Such a file that is a copy, whole or
     * partial, of the db still at this store's place is removed (the original is intact); any other
     * becomes a restorable entry whose original place is this store's db. Returns how many were found.
     */
    int adoptOrphans(JournalState state) {
        Path quarantine = journal.folder();
        if (!Files.isDirectory(quarantine, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int found = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(quarantine,
                d -> JournalledMove.isId(d.getFileName().toString()) && !state.knows(d.getFileName().toString())
                        && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))) {
            for (Path dir : dirs) {
                Path file = dir.resolve(db.getFileName());
                try {
                    if (adopt(dir.getFileName().toString(), file)) {
                        found++;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not look at {} (in the quarantine without a journal record): {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list the quarantine {}: {}", quarantine, e.toString());
        }
        return found;
    }

    private boolean adopt(String id, Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = ops.readAttributes(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (FileFacts.notRegularFile(file, a).isPresent()) {
            return false;
        }
        byte[] content = Files.readAllBytes(file);
        if (isCopyOfTheDbAtItsPlace(content)) {
            ops.delete(file);
            JournalledMove.deleteEmptyFolder(file.getParent());
            LOG.warn("Removed {}: a copy left by an interrupted reset of {}, which is intact at its place", file, db);
            return true;
        }
        FileFacts.Digest digest;
        try (FileChannel in = ops.openRead(file)) {
            digest = FileFacts.sha256(in, Optional.empty());
        }
        JournalEntry entry = new JournalEntry(id, db.toString(), file.toString(), digest.size(),
                io.keywatch.platform.GenericPlatform.creationTime(a), Optional.of(a.lastModifiedTime().toInstant()),
                digest.sha256(), ORPHAN_REASON, JournalledMove.timeOf(id), JournalEntry.MOVED, Optional.empty());
        journal.append(JournalState.resetRecord(JournalState.MOVED, entry));
        LOG.warn("Found {} in the quarantine without a journal record; it is now restorable as {} (to {})", file, id, db);
        return true;
    }

    /** The old copy path wrote straight to the target name: a whole or cut-off copy of the db at its place. */
    private boolean isCopyOfTheDbAtItsPlace(byte[] content) throws IOException {
        byte[] original;
        try {
            if (FileFacts.notRegularFile(db, ops.readAttributes(db)).isPresent()) {
                return false;
            }
            original = Files.readAllBytes(db);
        } catch (NoSuchFileException e) {
            return false;
        }
        return content.length <= original.length
                && java.util.Arrays.equals(content, 0, content.length, original, 0, content.length);
    }

    /** Closes every open intent it can decide; returns how many it closed. */
    int run(JournalState state) {
        int closed = 0;
        for (JournalEntry intent : state.openResets()) {
            try {
                resolveReset(intent);
                closed++;
            } catch (SoftkeyException | IOException | RuntimeException e) {
                LOG.warn("The interrupted reset {} of {} cannot be completed now and stays open: {}", intent.id(),
                        intent.originalPath(), e.getMessage());
            }
        }
        for (String id : state.openRestores()) {
            JournalEntry entry = state.entry(id).orElseThrow();
            try {
                resolveRestore(entry);
                closed++;
            } catch (SoftkeyException | IOException | RuntimeException e) {
                LOG.warn("The interrupted restore {} of {} cannot be completed now and stays open: {}", id,
                        entry.originalPath(), e.getMessage());
            }
        }
        return closed;
    }

    private void resolveReset(JournalEntry e) throws SoftkeyException, IOException {
        Path q = moves.quarantined(e);
        Path o = Path.of(e.originalPath()).toAbsolutePath().normalize();
        Path partial = FileTransfer.partialOf(q, e.id());
        Found inQuarantine = look(q, e);
        if (inQuarantine == Found.OTHER) {
            throw new IOException(q + " is not the file the journal recorded (" + e.size() + " bytes, sha256 "
                    + e.sha256() + "); it is left for IT to look at");
        }
        if (inQuarantine == Found.MATCHES) {
            deleteIfExists(partial);
            if (look(o, e) == Found.MATCHES) {
                ops.delete(q);
                JournalledMove.deleteEmptyFolder(q.getParent());
                close(JournalState.ABORTED, e.id(), "interrupted after the copy; " + o
                        + " is intact at its place, the copy in the quarantine was removed");
                LOG.warn("Recovered the interrupted reset {}: {} never left its place (verified); rolled back", e.id(), o);
            } else {
                journal.append(JournalState.resetRecord(JournalState.MOVED, e));
                LOG.warn("Recovered the interrupted reset {}: {} is in the quarantine ({}), restorable with "
                        + "'keywatch restore {}'", e.id(), o, q, e.id());
            }
            return;
        }
        deleteIfExists(partial);
        JournalledMove.deleteEmptyFolder(q.getParent());
        boolean atItsPlace = Files.exists(o, LinkOption.NOFOLLOW_LINKS);
        close(JournalState.ABORTED, e.id(), atItsPlace ? "interrupted before the move; " + o + " never moved"
                : "interrupted before the move, and " + o + " is no longer there (removed by another program)");
        if (atItsPlace) {
            LOG.warn("Recovered the interrupted reset {}: {} never moved; rolled back", e.id(), o);
        } else {
            LOG.error("The interrupted reset {} never moved {}, but that file is gone now (not by KeyWatch)",
                    e.id(), o);
        }
    }

    private void resolveRestore(JournalEntry e) throws SoftkeyException, IOException {
        Path q = moves.quarantined(e);
        Path o = Path.of(e.originalPath()).toAbsolutePath().normalize();
        deleteIfExists(FileTransfer.partialOf(o, e.id()));
        if (look(o, e) == Found.MATCHES) {
            if (look(q, e) == Found.MATCHES) {
                ops.delete(q); // the db is verified back at its place: the quarantined copy is a duplicate
            }
            JournalledMove.deleteEmptyFolder(q.getParent());
            close(JournalState.RESTORED, e.id(), null);
            LOG.warn("Recovered the interrupted restore {}: {} is back (verified)", e.id(), o);
            return;
        }
        if (look(q, e) != Found.MATCHES) {
            throw new IOException("neither " + o + " nor the quarantined copy " + q + " is the file the journal "
                    + "recorded (sha256 " + e.sha256() + ")");
        }
        close(JournalState.RESTORE_ABORTED, e.id(), "interrupted before the db was back; it stays in the quarantine");
        LOG.warn("Recovered the interrupted restore {}: rolled back, {} is still in the quarantine; restore it with "
                + "'keywatch restore {}'", e.id(), q, e.id());
    }

    private void close(String event, String id, String note) throws IOException {
        if (event.equals(JournalState.RESTORED)) {
            journal.append(JournalState.record(event, id, "restoredAt", java.time.Instant.now().toString()));
        } else {
            journal.append(JournalState.record(event, id, "note", note));
        }
    }

    /** Whether {@code p} is a plain file with the entry's size and SHA-256. */
    private Found look(Path p, JournalEntry e) throws IOException {
        BasicFileAttributes a;
        try {
            a = ops.readAttributes(p);
        } catch (NoSuchFileException x) {
            return Found.ABSENT;
        }
        if (FileFacts.notRegularFile(p, a).isPresent() || a.size() != e.size()) {
            return Found.OTHER;
        }
        try (FileChannel in = ops.openRead(p)) {
            return FileFacts.sha256(in, Optional.empty()).sha256().equalsIgnoreCase(e.sha256())
                    ? Found.MATCHES : Found.OTHER;
        }
    }

    private void deleteIfExists(Path partial) throws IOException {
        if (Files.deleteIfExists(partial)) {
            LOG.warn("Removed the partial copy {} an interrupted reset or restore left", partial);
        }
    }
}
