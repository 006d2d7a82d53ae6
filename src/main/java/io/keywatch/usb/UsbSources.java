package io.keywatch.usb;

import io.keywatch.core.XtxClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the key sources for the OS this runs on. Order matters: live sources first, the startup
 * scan last (see {@link KeyEvents}).
 * <ul>
 *   <li>Windows: device notifications (libusb has no hotplug there), BJCA push, startup scan through
 *       SetupAPI; usb4java is never loaded there.</li>
 *   <li>elsewhere: libusb hotplug, BJCA push, startup scan.</li>
 * </ul>
 */
public final class UsbSources {

    private UsbSources() {
    }

    public static List<KeySource> forThisMachine(KeyCatalog catalog, XtxClient bjca) {
        return forOs(System.getProperty("os.name", ""), catalog, bjca);
    }

    /** For the OS named like {@code os.name}; constructing a source touches nothing native. */
    static List<KeySource> forOs(String osName, KeyCatalog catalog, XtxClient bjca) {
        List<KeySource> sources = new ArrayList<>();
        boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
        if (windows) {
            sources.add(new WindowsDeviceNotifications(catalog));
        } else {
            sources.add(new LibUsbHotplug(catalog));
        }
        sources.add(new BjcaKeyEvents(bjca));
        // Never usb4java on Windows (it would unpack its DLL into %TEMP%): SetupAPI lists the keys there.
        sources.add(new StartupScan(windows ? KeyScanner.setupApi(catalog) : KeyScanner.libusb(catalog)));
        return List.copyOf(sources);
    }
}
