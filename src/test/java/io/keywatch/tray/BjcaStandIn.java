package io.keywatch.tray;

import io.keywatch.core.SoftkeyStore;
import io.keywatch.core.XtxClient;

/**
 * The seam between the tray tests and "a BJCA": the in-memory {@link FakeBjca} today; the embedded
 * simulator can implement the same five verbs later without touching the tests.
 */
interface BjcaStandIn extends AutoCloseable {
    XtxClient client();

    SoftkeyStore store();

    /** A key with one certificate for {@code user} is plugged in. */
    void insertKey(String user);

    void removeKey();

    /** Puts a db from "the system image" in place: the next check fails until it is reset. */
    void carryOverDb();

    /** The BJCA service stops answering (unavailable) or comes back. */
    void serviceUp(boolean up);

    @Override
    void close();
}
