package io.keywatch.usb;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the vendor and product id from a Windows device interface path such as
 * {@code \\?\USB#VID_096E&PID_0303#5&1a2b3c&0&2#{a5dcbf10-6530-11d2-901f-00c04fb951ed}}, without
 * opening the device. Also accepts HID and composite-interface forms ({@code HID#VID_096E&PID_0303&MI_00#...}).
 */
public final class DevicePaths {

    // The hardware-id segment: after the bus name (or at the start), VID_xxxx&PID_xxxx, then a separator.
    private static final Pattern IDS = Pattern.compile(
            "(?i)(?:^|[#\\\\])VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(?=$|[&#\\\\])");

    private DevicePaths() {
    }

    /** The ids in the path; empty for null, blank or paths without a {@code VID_xxxx&PID_xxxx} segment. */
    public static Optional<UsbId> parse(String devicePath) {
        if (devicePath == null) {
            return Optional.empty();
        }
        Matcher m = IDS.matcher(devicePath);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new UsbId(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16)));
    }
}
