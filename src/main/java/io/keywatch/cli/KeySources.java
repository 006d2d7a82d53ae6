package io.keywatch.cli;

import io.keywatch.core.KeyPresence;
import io.keywatch.core.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The key sources feeding the watchdog: BJCA's push, plus a start-up look for a key already present. */
final class KeySources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeySources.class);
    private final AutoCloseable bjcaPush;

    private KeySources(AutoCloseable bjcaPush) {
        this.bjcaPush = bjcaPush;
    }

    static KeySources start(AppContext ctx, Watchdog watchdog) {
        AutoCloseable push = ctx.client().onUsbkeyChange(() -> watchdog.keyChanged(KeyPresence.UNKNOWN, "bjca"));
        // A key plugged in before login is checked at once: the watchdog asks BJCA who is there.
        watchdog.keyChanged(KeyPresence.UNKNOWN, "startup");
        return new KeySources(push);
    }

    @Override
    public void close() {
        try {
            bjcaPush.close();
        } catch (Exception e) {
            LOG.debug("closing the BJCA subscription: {}", e.toString());
        }
    }
}
