package io.keywatch.usb;

import io.keywatch.core.KeyPresence;
import io.keywatch.core.XtxClient;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BJCA service's {@code onUsbkeyChange} push as a key source. The push only says "changed", so
 * it is reported as {@code UNKNOWN}: the watchdog then asks {@code GetDeviceCount} /
 * {@code SOF_GetUserList} itself. Counts for every key BJCA knows, in the catalog or not.
 */
public final class BjcaKeyEvents implements KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(BjcaKeyEvents.class);

    private final XtxClient client;
    private AutoCloseable subscription;

    public BjcaKeyEvents(XtxClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String name() {
        return "bjca";
    }

    @Override
    public synchronized void start(KeySink sink) {
        if (subscription != null) {
            throw new IllegalStateException("already started");
        }
        // The listener runs on the adapter's thread: it only posts.
        subscription = client.onUsbkeyChange(() -> sink.keyEvent(KeyPresence.UNKNOWN, name()));
    }

    @Override
    public synchronized void close() {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("BJCA key event subscription did not close cleanly: {}", KeyEvents.describe(e));
        }
        subscription = null;
    }
}
