package io.keywatch.usb;

import com.sun.jna.platform.win32.DBT;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceList;
import org.usb4java.LibUsb;

/**
 * Every USB device attached now with its VID/PID and, where the key catalog knows it, the catalog's
 * label: for a diagnostics bundle. Windows: the present {@code GUID_DEVINTERFACE_USB_DEVICE}
 * interfaces (SetupAPI), ids read from the device path; elsewhere: libusb's device list.
 */
public final class UsbDevices {

    /**
     * One device.
     *
     * @param where bus-address (libusb) or the device interface path (Windows)
     * @param label the catalog's label when it is a known BJCA key
     */
    public record Seen(String where, UsbId ids, Optional<String> label) { }

    private UsbDevices() {
    }

    /** @throws UsbUnavailableException when this machine offers no way to list USB devices */
    public static List<Seen> list(KeyCatalog catalog) throws UsbUnavailableException {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return windows(catalog);
        }
        return libusb(catalog);
    }

    private static List<Seen> windows(KeyCatalog catalog) throws UsbUnavailableException {
        List<String> paths;
        try {
            paths = AttachedInterfaces.list(DBT.GUID_DEVINTERFACE_USB_DEVICE);
        } catch (RuntimeException | LinkageError e) {
            throw new UsbUnavailableException("SetupAPI cannot list USB devices: " + KeyEvents.describe(e), e);
        }
        return fromDevicePaths(paths, catalog);
    }

    /** The pure part of the Windows listing: paths without ids are skipped. */
    static List<Seen> fromDevicePaths(List<String> paths, KeyCatalog catalog) {
        List<Seen> seen = new ArrayList<>();
        for (String path : paths) {
            DevicePaths.parse(path).ifPresent(ids ->
                    seen.add(new Seen(path, ids, catalog.match(ids.vendorId(), ids.productId(), null))));
        }
        return seen;
    }

    private static List<Seen> libusb(KeyCatalog catalog) throws UsbUnavailableException {
        Context context = LibUsbDevices.init();
        try {
            DeviceList list = new DeviceList();
            int n = LibUsb.getDeviceList(context, list);
            if (n < 0) {
                throw new UsbUnavailableException("libusb cannot list USB devices: " + LibUsb.strError(n));
            }
            try {
                List<Seen> seen = new ArrayList<>();
                for (Device device : list) {
                    LibUsbDevices.ids(device).ifPresent(ids -> seen.add(new Seen(LibUsbDevices.deviceId(device), ids,
                            LibUsbDevices.catalogLabel(device, ids, catalog))));
                }
                return seen;
            } finally {
                LibUsb.freeDeviceList(list, true);
            }
        } finally {
            LibUsb.exit(context);
        }
    }
}
