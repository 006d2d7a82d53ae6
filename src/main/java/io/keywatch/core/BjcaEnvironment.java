package io.keywatch.core;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two operations everything else is built on: check the environment, and reset the softkey db
 * followed by a re-check. Synchronous; callers choose the thread (the watchdog thread, or the CLI's).
 */
public final class BjcaEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(BjcaEnvironment.class);

    private final XtxClient client;
    private final SoftkeyStore store;
    private final Clock clock;
    private final CauseFinder causes;

    public BjcaEnvironment(XtxClient client, SoftkeyStore store, Clock clock) {
        this(client, store, clock, null);
    }

    private BjcaEnvironment(XtxClient client, SoftkeyStore store, Clock clock, CauseFinder causes) {
        this.client = client;
        this.store = store;
        this.clock = clock;
        this.causes = causes;
    }

    /** The same environment whose every check also carries the cause {@code finder} names (the tray). */
    public BjcaEnvironment withCauses(CauseFinder finder) {
        return new BjcaEnvironment(client, store, clock, finder);
    }

    public XtxClient client() {
        return client;
    }

    public SoftkeyStore store() {
        return store;
    }

    /** Asks {@code CheckSoftDeviceEnv()} and explains the answer with the db's diagnosis. */
    public CheckResult check() {
        CheckStatus status;
        Optional<String> reason = Optional.empty();
        List<KeyUser> users = List.of();
        Optional<String> version = Optional.empty();
        try {
            status = client.checkSoftDeviceEnv() ? CheckStatus.OK : CheckStatus.FAILED;
            users = bestEffort(client::userList, List.of());
            version = Optional.ofNullable(bestEffort(client::version, null)).filter(v -> !v.isBlank());
        } catch (XtxException e) {
            status = e.kind() == XtxException.Kind.TIMEOUT ? CheckStatus.TIMEOUT : CheckStatus.UNAVAILABLE;
            reason = Optional.ofNullable(e.getMessage());
        }
        // Diagnose after the call: a passing check may just have created a fresh db.
        Diagnosis diagnosis = store.diagnose();
        CheckResult result = new CheckResult(status, diagnosis, users, version, client.bridge(), reason, clock.instant());
        return causes == null ? result : result.withCause(findCause(result));
    }

    private Optional<Cause> findCause(CheckResult result) {
        try {
            return causes.find(result);
        } catch (RuntimeException e) {
            LOG.warn("the key checks failed; the check's own answer stands", e);
            return Optional.empty();
        }
    }

    /** Moves the db into quarantine, then checks again (BJCA creates a fresh db on that check). */
    public ResetReport reset(String reason) throws SoftkeyException {
        JournalEntry entry = store.reset(reason);
        return new ResetReport(entry, check());
    }

    interface Call<T> {
        T call() throws XtxException;
    }

    /** Extra facts (users, version) must not turn a clear check answer into a failure. */
    private static <T> T bestEffort(Call<T> call, T fallback) {
        try {
            return call.call();
        } catch (XtxException e) {
            LOG.debug("optional BJCA call failed: {}", e.getMessage());
            return fallback;
        }
    }
}
