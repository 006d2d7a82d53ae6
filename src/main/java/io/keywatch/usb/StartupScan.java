package io.keywatch.usb;

import io.keywatch.core.KeyPresence;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key already attached when KeyWatch starts is checked at once: no arrival event will come for it.
 *
 * <p>Decision: the scan always posts exactly one event. {@code PRESENT} when the USB scan finds a
 * catalog key; otherwise {@code UNKNOWN}, so the watchdog asks BJCA ({@code GetDeviceCount} /
 * {@code SOF_GetUserList}) once. That covers what the USB scan cannot see: keys not in the catalog,
 * Hengbao keys whose product string cannot be read, machines without libusb. If BJCA says no key,
 * the watchdog waits for one; if BJCA cannot answer, it checks (and shows why it is unavailable).
 *
 * <p>Runs synchronously in {@link #start} (listing USB devices takes milliseconds); start it after
 * the live sources so a key plugged in meanwhile is not missed.
 */
public final class StartupScan implements KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(StartupScan.class);

    private final KeyScanner scanner;

    /** @param scanner lists catalog keys; null when this machine has no way to list USB devices */
    public StartupScan(KeyScanner scanner) {
        this.scanner = scanner;
    }

    /** The scanner in use (tests: which one each OS gets). */
    KeyScanner scanner() {
        return scanner;
    }

    public static StartupScan bjcaOnly() {
        return new StartupScan(null);
    }

    @Override
    public String name() {
        return "startup-scan";
    }

    @Override
    public void start(KeySink sink) {
        Objects.requireNonNull(sink, "sink");
        List<String> found = List.of();
        if (scanner != null) {
            try {
                found = scanner.presentKeys();
            } catch (UsbUnavailableException | RuntimeException | LinkageError e) {
                LOG.info("USB scan at start not available ({}); asking BJCA for keys instead", KeyEvents.describe(e));
            }
        }
        if (!found.isEmpty()) {
            LOG.info("key attached at start: {}", String.join(", ", found));
            sink.keyEvent(KeyPresence.PRESENT, name());
        } else {
            sink.keyEvent(KeyPresence.UNKNOWN, name());
        }
    }

    @Override
    public void close() {
        // Nothing held: the scan ran once in start().
    }
}
