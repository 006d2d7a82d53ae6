package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DevicePathsTest {

    @Test
    void readsIdsFromAUsbDeviceInterfacePath() {
        assertThat(DevicePaths.parse("\\\\?\\USB#VID_096E&PID_0303#5&1a2b3c4d&0&2#{a5dcbf10-6530-11d2-901f-00c04fb951ed}"))
                .contains(new UsbId(0x096E, 0x0303));
    }

    @Test
    void acceptsLowerCaseHidAndCompositeForms() {
        assertThat(DevicePaths.parse("\\\\?\\usb#vid_055c&pid_e618#0123456789#{a5dcbf10-6530-11d2-901f-00c04fb951ed}"))
                .contains(new UsbId(0x055C, 0xE618));
        assertThat(DevicePaths.parse("\\\\?\\HID#VID_163C&PID_0417&MI_00#7&2f8e&0&0000#{4d1e55b2-f16f-11cf-88cb-001111000030}"))
                .contains(new UsbId(0x163C, 0x0417));
        assertThat(DevicePaths.parse("USB\\VID_1780&PID_0010\\ABC")).contains(new UsbId(0x1780, 0x0010));
    }

    @Test
    void pathsWithoutIdsGiveNothing() {
        assertThat(DevicePaths.parse(null)).isEmpty();
        assertThat(DevicePaths.parse("")).isEmpty();
        assertThat(DevicePaths.parse("\\\\?\\STORAGE#Volume#{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}")).isEmpty();
        assertThat(DevicePaths.parse("\\\\?\\USB#VID_96E&PID_0303#x")).as("3 digits").isEmpty();
        assertThat(DevicePaths.parse("\\\\?\\USB#VID_096E1&PID_0303#x")).as("5 digits").isEmpty();
        assertThat(DevicePaths.parse("\\\\?\\USB#VID_096E&PID_03031#x")).as("5 digits").isEmpty();
        assertThat(DevicePaths.parse("\\\\?\\USB#XVID_096E&PID_0303#x")).as("not a segment start").isEmpty();
    }

    @Property
    void roundTripsEveryIdWithAnyInstance(@ForAll @IntRange(min = 0, max = 0xFFFF) int vid,
                                          @ForAll @IntRange(min = 0, max = 0xFFFF) int pid,
                                          @ForAll("instances") String instance, @ForAll boolean lowerCase) {
        String path = "\\\\?\\USB#VID_" + UsbId.hex4(vid) + "&PID_" + UsbId.hex4(pid) + "#" + instance
                + "#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";
        if (lowerCase) {
            path = path.toLowerCase(Locale.ROOT);
        }
        assertThat(DevicePaths.parse(path)).contains(new UsbId(vid, pid));
    }

    @Property
    void arbitraryTextNeverThrows(@ForAll String text) {
        assertThat(DevicePaths.parse(text)).isNotNull();
    }

    @Provide
    Arbitrary<String> instances() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF&_").ofMinLength(1).ofMaxLength(40);
    }
}
