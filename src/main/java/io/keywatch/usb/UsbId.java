package io.keywatch.usb;

import java.util.Locale;

/** A USB vendor id and product id, each 0..0xFFFF. Prints as {@code 096E:0303}. */
public record UsbId(int vendorId, int productId) {

    public UsbId {
        checkRange("vendor id", vendorId);
        checkRange("product id", productId);
    }

    static void checkRange(String what, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of range 0000..FFFF: " + value);
        }
    }

    /** Four upper-case hex digits, as Windows device paths and usb-keys.md write them. */
    public static String hex4(int value) {
        return String.format(Locale.ROOT, "%04X", value);
    }

    @Override
    public String toString() {
        return hex4(vendorId) + ":" + hex4(productId);
    }
}
