package io.keywatch.usb;

import io.keywatch.core.KeyPresence;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.HotplugCallbackHandle;
import org.usb4java.LibUsb;

/**
 * USB arrival and removal through libusb's hotplug support (Linux, macOS), via usb4java. One
 * dedicated thread handles libusb events with a timeout, so {@link #close()} stops it promptly
 * without a busy loop. Where the native library is missing, libusb fails to start or has no
 * hotplug support, {@link #start} fails with one clear message and {@link KeyEvents} skips it.
 */
public final class LibUsbHotplug implements KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(LibUsbHotplug.class);
    /**
     * How long one event-handling call waits. close() interrupts the wait (libusb_interrupt_event_handler,
     * proven by the tests with a two-minute wait), so this only bounds a missed interrupt; a long wait keeps
     * the idle tray from waking twice a second (measured: 119 wake-ups a minute at 500 ms).
     */
    static final Duration EVENT_WAIT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final KeyCatalog catalog;
    private final Duration eventWait;
    private final BooleanSupplier hotplugCapability;
    private final PresentKeys keys = new PresentKeys();
    private volatile boolean running;
    private volatile KeySink sink = (p, s) -> { };
    private Context context;
    private HotplugCallbackHandle callback;
    private Thread thread;

    public LibUsbHotplug(KeyCatalog catalog) {
        this(catalog, EVENT_WAIT, () -> LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG));
    }

    /** For tests: a different event wait, or a machine that pretends to lack hotplug support. */
    LibUsbHotplug(KeyCatalog catalog, Duration eventWait, BooleanSupplier hotplugCapability) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.eventWait = eventWait;
        this.hotplugCapability = hotplugCapability;
    }

    @Override
    public String name() {
        return "libusb";
    }

    @Override
    public synchronized void start(KeySink sink) throws UsbUnavailableException {
        if (context != null) {
            throw new IllegalStateException("already started");
        }
        this.sink = sink;
        Context ctx = LibUsbDevices.init();
        try {
            if (!hotplugCapability.getAsBoolean()) {
                throw new UsbUnavailableException("libusb on this system has no hotplug support");
            }
            HotplugCallbackHandle handle = new HotplugCallbackHandle();
            // No ENUMERATE flag: keys already attached are seeded below, and the startup scan reports them.
            int r = LibUsb.hotplugRegisterCallback(ctx,
                    LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED | LibUsb.HOTPLUG_EVENT_DEVICE_LEFT, LibUsb.HOTPLUG_NO_FLAGS,
                    LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY,
                    (c, device, event, userData) -> onHotplug(device, event), null, handle);
            if (r != LibUsb.SUCCESS) {
                throw new UsbUnavailableException("libusb hotplug registration failed: " + LibUsb.strError(r));
            }
            callback = handle;
            context = ctx;
            // Callbacks only run inside event handling on our thread, which starts after seeding.
            for (LibUsbDevices.Found key : LibUsbDevices.catalogKeys(ctx, catalog)) {
                keys.seed(key.deviceId());
            }
        } catch (UsbUnavailableException | RuntimeException e) {
            release(ctx);
            context = null;
            throw e;
        }
        running = true;
        thread = new Thread(this::eventLoop, "keywatch-libusb-events");
        thread.setDaemon(true);
        thread.start();
        LOG.info("libusb hotplug watching ({} catalog key(s) attached)", keys.size());
    }

    private void eventLoop() {
        long timeoutMicros = eventWait.toNanos() / 1000;
        while (running) {
            int r = LibUsb.handleEventsTimeoutCompleted(context, timeoutMicros, null);
            if (r != LibUsb.SUCCESS && r != LibUsb.ERROR_INTERRUPTED && r != LibUsb.ERROR_TIMEOUT) {
                // Retrying a broken event loop would spin; the BJCA event still reports keys.
                LOG.warn("libusb event handling failed, USB hotplug stopped: {}", LibUsb.strError(r));
                running = false;
            }
        }
        LOG.debug("libusb event thread ended");
    }

    private int onHotplug(Device device, int event) {
        try {
            Optional<UsbId> ids = LibUsbDevices.ids(device);
            String deviceId = LibUsbDevices.deviceId(device);
            if (event == LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED) {
                Optional<String> label = ids.flatMap(id -> LibUsbDevices.catalogLabel(device, id, catalog));
                if (label.isPresent()) {
                    LOG.info("USB key arrived: {} ({})", label.get(), ids.get());
                    report(keys.arrived(deviceId));
                } else {
                    LOG.debug("USB device arrived, not in the key catalog: {}", ids.map(UsbId::toString).orElse("?"));
                }
            } else if (event == LibUsb.HOTPLUG_EVENT_DEVICE_LEFT) {
                boolean inCatalog = ids.map(id -> catalog.matches(id.vendorId(), id.productId(), null)).orElse(false);
                keys.left(deviceId, inCatalog).ifPresent(p -> {
                    LOG.info("USB key removed: {}", ids.map(UsbId::toString).orElse(deviceId));
                    report(p);
                });
            }
        } catch (RuntimeException e) {
            // Never unwind into libusb's native callback.
            LOG.warn("libusb hotplug event not handled: {}", KeyEvents.describe(e));
        }
        return 0; // keep the callback registered
    }

    private void report(KeyPresence presence) {
        sink.keyEvent(presence, name());
    }

    /** True while the event thread runs. */
    synchronized boolean threadAlive() {
        return thread != null && thread.isAlive();
    }

    @Override
    public synchronized void close() {
        if (context == null) {
            return;
        }
        running = false;
        LibUsb.interruptEventHandler(context);
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // Exiting the context under a running handler would crash the JVM: leak it instead.
            LOG.warn("libusb event thread did not stop within {}; context left open", STOP_TIMEOUT);
            return;
        }
        release(context);
        context = null;
    }

    private void release(Context ctx) {
        if (callback != null) {
            LibUsb.hotplugDeregisterCallback(ctx, callback);
            callback = null;
        }
        LibUsb.exit(ctx);
    }
}
