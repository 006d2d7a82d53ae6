package io.keywatch.core;

import java.util.List;

/**
 * Port to {@code bjca_softkey.db}: inspect, explain, move to quarantine, bring back.
 * The adapter ({@code softkey.SoftkeyDb}) does every file operation; a reset is always a journalled move.
 */
public interface SoftkeyStore {

    /** The db's facts; a missing file is a fact, not an error. */
    DbFacts inspect();

    /** Facts plus what they mean. Never throws: an unreadable file is the verdict {@code UNREADABLE}. */
    Diagnosis diagnose();

    /**
     * Moves the db into the quarantine and appends a journal entry.
     *
     * @throws SoftkeyException when refused (link, outside the BJCA folder, locked, missing); nothing changed
     */
    JournalEntry reset(String reason) throws SoftkeyException;

    /** Moves a quarantined db back, byte-identical (the digest is verified). */
    JournalEntry restore(String id) throws SoftkeyException;

    /** The journal, oldest first. */
    List<JournalEntry> journal() throws SoftkeyException;
}
