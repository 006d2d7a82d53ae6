package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** On Windows the startup scan lists keys through SetupAPI: usb4java (and its %TEMP% DLL) is never loaded. */
class WindowsStartupScanTest {

    @Test
    void catalogKeysAmongDevicePathsAreDescribedAndOthersSkipped() {
        List<String> keys = KeyScanner.catalogKeys(List.of(WindowsDeviceNotificationsTest.KEY_A,
                WindowsDeviceNotificationsTest.MOUSE, "\\\\?\\ROOT#garbage"), KeyCatalog.defaults());
        assertThat(keys).singleElement().satisfies(k -> assertThat(k).endsWith("096E:0303"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theWindowsStartupScanAsksSetupApiNotLibusb() {
        List<KeySource> windows = UsbSources.forOs("Windows 11", KeyCatalog.defaults(), new FakeXtxClient());
        StartupScan scan = (StartupScan) windows.get(2);
        // Off Windows SetupAPI is missing: the scanner says so, which proves it is not the libusb one.
        assertThatThrownBy(() -> scan.scanner().presentKeys())
                .isInstanceOf(UsbUnavailableException.class).hasMessageContaining("SetupAPI");
        List<KeySource> linux = UsbSources.forOs("Linux", KeyCatalog.defaults(), new FakeXtxClient());
        assertThat(((StartupScan) linux.get(2)).scanner()).isNotNull();
    }
}
