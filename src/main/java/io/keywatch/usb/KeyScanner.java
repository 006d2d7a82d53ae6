package io.keywatch.usb;

import java.util.List;

/** Lists the catalog keys attached right now (for the startup scan). */
@FunctionalInterface
public interface KeyScanner {

    /**
     * @return a description of each catalog key attached (e.g. {@code "Feitian 飞天诚信 096E:0303"}); empty when none
     * @throws UsbUnavailableException when this machine cannot list USB devices
     */
    List<String> presentKeys() throws UsbUnavailableException;

    /**
     * Windows: the present {@code GUID_DEVINTERFACE_USB_DEVICE} interfaces through SetupAPI. usb4java
     * is never loaded on Windows: its loader would unpack {@code libusb4java.dll} into {@code %TEMP%},
     * which AppLocker blocks on hospital images and which fails under non-ANSI user names.
     */
    static KeyScanner setupApi(KeyCatalog catalog) {
        return () -> {
            List<String> paths;
            try {
                paths = AttachedInterfaces.list(com.sun.jna.platform.win32.DBT.GUID_DEVINTERFACE_USB_DEVICE);
            } catch (RuntimeException | LinkageError e) {
                throw new UsbUnavailableException("SetupAPI cannot list USB devices: " + KeyEvents.describe(e), e);
            }
            return catalogKeys(paths, catalog);
        };
    }

    /** The catalog keys among device interface paths, described like the libusb scan's. */
    static List<String> catalogKeys(List<String> devicePaths, KeyCatalog catalog) {
        return UsbDevices.fromDevicePaths(devicePaths, catalog).stream()
                .filter(seen -> seen.label().isPresent())
                .map(seen -> seen.label().get() + " " + seen.ids())
                .toList();
    }

    /** Through a short-lived libusb context (Linux, macOS: listing needs no hotplug). */
    static KeyScanner libusb(KeyCatalog catalog) {
        return () -> {
            org.usb4java.Context context = LibUsbDevices.init();
            try {
                return LibUsbDevices.catalogKeys(context, catalog).stream()
                        .map(f -> f.label() + " " + f.ids()).toList();
            } finally {
                org.usb4java.LibUsb.exit(context);
            }
        };
    }
}
