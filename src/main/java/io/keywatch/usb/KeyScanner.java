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

    /** Through a short-lived libusb context (works on Linux, macOS and Windows: listing needs no hotplug). */
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
