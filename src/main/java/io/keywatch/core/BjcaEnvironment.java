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

    /**
     * Asks {@code CheckSoftDeviceEnv()} and explains the answer with the db's diagnosis, and with the
     * cause the finder names when there is one ({@link #withCauses}).
     */
    public CheckResult check() {
        return explain(answer());
    }

    /**
     * {@code CheckSoftDeviceEnv()}'s answer with the db's diagnosis, without the doctor's cause: what
     * the icon can show at once, before the key checks' certificate calls ({@link #explain}).
     */
    public CheckResult answer() {
        CheckStatus status;
        Optional<String> reason = Optional.empty();
        List<KeyUser> users = List.of();
        Optional<String> version = Optional.empty();
        try {
            CheckAnswer answer = client.checkSoftDeviceEnvAnswer();
            status = answer.ok() ? CheckStatus.OK : CheckStatus.FAILED;
            reason = answer.remark();
            users = bestEffort(client::userList, List.of());
            version = Optional.ofNullable(bestEffort(client::version, null)).filter(v -> !v.isBlank());
        } catch (XtxException e) {
            status = e.kind() == XtxException.Kind.TIMEOUT ? CheckStatus.TIMEOUT : CheckStatus.UNAVAILABLE;
            reason = Optional.ofNullable(e.getMessage());
        }
        // Diagnose after the call: a passing check may just have created a fresh db.
        Diagnosis diagnosis = store.diagnose();
        return new CheckResult(status, diagnosis, users, version, client.bridge(), reason, clock.instant());
    }

    /** The answer with the cause the finder names; the answer itself without a finder. Never throws. */
    public CheckResult explain(CheckResult answer) {
        if (causes == null) {
            return answer;
        }
        try {
            return answer.withCause(causes.find(answer));
        } catch (RuntimeException e) {
            LOG.warn("the key checks failed; the check's own answer stands", e);
            return answer;
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
