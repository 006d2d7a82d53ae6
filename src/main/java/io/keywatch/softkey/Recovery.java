package io.keywatch.softkey;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
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

    private final QuarantineJournal journal;
    private final JournalledMove moves;
    private final FileOps ops;

    Recovery(QuarantineJournal journal, JournalledMove moves, FileOps ops) {
        this.journal = journal;
        this.moves = moves;
        this.ops = ops;
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
