package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsbDevicesTest {
    @Test
    void windowsDevicePathsGiveIdsAndTheCatalogLabelAndPathsWithoutIdsAreSkipped() {
        List<UsbDevices.Seen> seen = UsbDevices.fromDevicePaths(List.of(
                "\\\\?\\USB#VID_096E&PID_0303#5&1a2b3c&0&2#{a5dcbf10-6530-11d2-901f-00c04fb951ed}",
                "\\\\?\\USB#VID_046D&PID_C52B#6&abc&0&1#{a5dcbf10-6530-11d2-901f-00c04fb951ed}",
                "\\\\?\\ROOT#SYSTEM#0000#{a5dcbf10-6530-11d2-901f-00c04fb951ed}"), KeyCatalog.defaults());

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).ids()).isEqualTo(new UsbId(0x096E, 0x0303));
        assertThat(seen.get(0).label()).isPresent();
        assertThat(seen.get(1).ids()).isEqualTo(new UsbId(0x046D, 0xC52B));
        assertThat(seen.get(1).label()).as("a mouse is not a BJCA key").isEqualTo(Optional.empty());
    }
}
