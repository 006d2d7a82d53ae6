package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The real window, notification handle and thread: Windows CI only. */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class WindowsDeviceNotificationsWindowsTest {

    @Test
    void startsAndStopsWithoutLeavingTheThreadBehind() throws Exception {
        int baseline = Thread.activeCount();
        for (int i = 0; i < 3; i++) {
            WindowsDeviceNotifications source = new WindowsDeviceNotifications(KeyCatalog.defaults());
            CopyOnWriteArrayList<String> events = new CopyOnWriteArrayList<>();
            source.start((p, s) -> events.add(p + " " + s));
            assertThat(source.threadAlive()).isTrue();
            source.close();
            assertThat(source.threadAlive()).isFalse();
            source.close(); // idempotent
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(baseline);
    }

    @Test
    void runsUnderKeyEventsAndClosesCleanly() {
        WindowsDeviceNotifications source = new WindowsDeviceNotifications(KeyCatalog.defaults());
        try (KeyEvents events = new KeyEvents((p, s) -> { }, java.util.List.of(source))) {
            events.start();
            assertThat(events.runningSources()).containsExactly("windows-usb");
        }
        assertThat(source.threadAlive()).isFalse();
    }

    @Test
    void listsAttachedUsbInterfacesWithParsablePaths() {
        // A CI runner may have no USB device at all: then this checks only that SetupAPI answers without error.
        for (String path : AttachedInterfaces.list(com.sun.jna.platform.win32.DBT.GUID_DEVINTERFACE_USB_DEVICE)) {
            assertThat(path).startsWith("\\\\?\\");
            assertThat(path.toUpperCase(java.util.Locale.ROOT)).contains("{A5DCBF10-6530-11D2-901F-00C04FB951ED}");
        }
    }

    @Test
    void theWindowsSourcesNeverUnpackUsb4java() throws Exception {
        java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        java.util.function.Supplier<Long> usb4javaDirs = () -> {
            try (var s = java.nio.file.Files.list(tmp)) {
                return s.filter(p -> p.getFileName().toString().startsWith("usb4java")).count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        long before = usb4javaDirs.get();
        try (KeyEvents events = new KeyEvents((p, s) -> { },
                UsbSources.forThisMachine(KeyCatalog.defaults(), new FakeXtxClient()))) {
            events.start();
            assertThat(events.runningSources()).contains("windows-usb");
        }
        assertThat(usb4javaDirs.get()).as("no usb4java temp folder").isEqualTo(before);
    }
}
