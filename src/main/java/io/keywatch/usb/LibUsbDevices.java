package io.keywatch.usb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.LibUsb;

/** What libusb says about one device, and listing the catalog keys present. */
final class LibUsbDevices {
    private static final Logger LOG = LoggerFactory.getLogger(LibUsbDevices.class);

    /** A catalog key libusb sees: its identity on the bus, its ids and the catalog's label. */
    record Found(String deviceId, UsbId ids, String label) {
    }

    private LibUsbDevices() {
    }

    /** Bus number and address: unique while the device is attached, and still readable when it leaves. */
    static String deviceId(Device device) {
        return LibUsb.getBusNumber(device) + "-" + LibUsb.getDeviceAddress(device);
    }

    static Optional<UsbId> ids(Device device) {
        DeviceDescriptor d = new DeviceDescriptor();
        int r = LibUsb.getDeviceDescriptor(device, d);
        if (r != LibUsb.SUCCESS) {
            LOG.debug("no device descriptor for {}: {}", deviceId(device), LibUsb.strError(r));
            return Optional.empty();
        }
        return Optional.of(new UsbId(d.idVendor() & 0xFFFF, d.idProduct() & 0xFFFF));
    }

    /**
     * The catalog's label for the device. The product string is read only when the ids are not in
     * the catalog and some rule needs it (Hengbao); opening may be refused (permissions), then it
     * is simply not a match.
     */
    static Optional<String> catalogLabel(Device device, UsbId ids, KeyCatalog catalog) {
        Optional<String> byId = catalog.match(ids.vendorId(), ids.productId(), null);
        if (byId.isPresent() || !catalog.hasProductStringRules()) {
            return byId;
        }
        return productString(device).flatMap(p -> catalog.match(ids.vendorId(), ids.productId(), p));
    }

    static Optional<String> productString(Device device) {
        DeviceDescriptor d = new DeviceDescriptor();
        if (LibUsb.getDeviceDescriptor(device, d) != LibUsb.SUCCESS || d.iProduct() == 0
                || d.bDeviceClass() == LibUsb.CLASS_HUB) {
            return Optional.empty();
        }
        DeviceHandle handle = new DeviceHandle();
        int r = LibUsb.open(device, handle);
        if (r != LibUsb.SUCCESS) {
            LOG.debug("cannot open {} to read its product string: {}", deviceId(device), LibUsb.strError(r));
            return Optional.empty();
        }
        try {
            StringBuffer product = new StringBuffer();
            r = LibUsb.getStringDescriptorAscii(handle, d.iProduct(), product);
            return r < 0 ? Optional.empty() : Optional.of(product.toString());
        } finally {
            LibUsb.close(handle);
        }
    }

    /** Catalog keys attached now. */
    static List<Found> catalogKeys(Context context, KeyCatalog catalog) throws UsbUnavailableException {
        DeviceList list = new DeviceList();
        int n = LibUsb.getDeviceList(context, list);
        if (n < 0) {
            throw new UsbUnavailableException("libusb cannot list USB devices: " + LibUsb.strError(n));
        }
        try {
            List<Found> found = new ArrayList<>();
            for (Device device : list) {
                Optional<UsbId> ids = ids(device);
                if (ids.isEmpty()) {
                    continue;
                }
                catalogLabel(device, ids.get(), catalog)
                        .ifPresent(label -> found.add(new Found(deviceId(device), ids.get(), label)));
            }
            return found;
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
    }

    /**
     * A new libusb context.
     *
     * @throws UsbUnavailableException when the native library cannot be loaded or libusb cannot start
     */
    static Context init() throws UsbUnavailableException {
        Context context = new Context();
        int r;
        try {
            r = LibUsb.init(context);
        } catch (RuntimeException | LinkageError e) {
            // usb4java throws LoaderException (a RuntimeException) when no native library fits this OS.
            throw new UsbUnavailableException("libusb native library not available: " + KeyEvents.describe(e), e);
        }
        if (r != LibUsb.SUCCESS) {
            throw new UsbUnavailableException("libusb could not start: " + LibUsb.strError(r));
        }
        return context;
    }
}
