package io.keywatch.usb;

import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A softkey db that is never there; resets are refused (these tests run with the policy NEVER). */
final class FakeSoftkeyStore implements SoftkeyStore {
    private final DbFacts facts = DbFacts.missing(Path.of("bjca_softkey.db"));

    @Override
    public DbFacts inspect() {
        return facts;
    }

    @Override
    public Diagnosis diagnose() {
        return Diagnosis.of(facts, Optional.empty(), Optional.empty());
    }

    @Override
    public JournalEntry reset(String reason) throws SoftkeyException {
        throw new SoftkeyException(SoftkeyException.Reason.NOT_FOUND, "no db in this test");
    }

    @Override
    public JournalEntry restore(String id) throws SoftkeyException {
        throw new SoftkeyException(SoftkeyException.Reason.UNKNOWN_ID, "no journal in this test");
    }

    @Override
    public List<JournalEntry> journal() {
        return List.of();
    }
}
