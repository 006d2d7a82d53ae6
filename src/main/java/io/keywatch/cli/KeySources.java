package io.keywatch.cli;

import io.keywatch.core.Messages;
import io.keywatch.core.Watchdog;
import io.keywatch.core.XtxClient;
import io.keywatch.usb.KeyCatalog;
import io.keywatch.usb.KeyEvents;
import io.keywatch.usb.UsbSources;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key sources of this machine (USB arrival, BJCA's push, the start-up scan) feeding the watchdog,
 * with the key catalog extended by the hospital's configured keys.
 */
final class KeySources {
    private static final Logger LOG = LoggerFactory.getLogger(KeySources.class);

    private KeySources() {
    }

    static KeyEvents start(List<Map<String, Object>> configuredKeys, Messages messages, XtxClient client,
                           Watchdog watchdog) {
        KeyCatalog catalog = KeyCatalog.defaults().withConfigured(configuredKeys, messages, p -> LOG.warn("{}", p));
        KeyEvents keys = new KeyEvents(watchdog, UsbSources.forThisMachine(catalog, client));
        keys.start();
        LOG.info("key sources running: {}", keys.runningSources());
        return keys;
    }

}
