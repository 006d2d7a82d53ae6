package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.keywatch.core.KeyPresence;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.usb4java.LibUsb;

/** The real usb4java monitor on this machine (no USB devices, maybe no /dev/bus/usb). */
class LibUsbHotplugTest {

    private static boolean libusbHotplugHere() {
        try {
            LibUsb.exit(LibUsbDevices.init());
            return LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG);
        } catch (UsbUnavailableException | LinkageError e) {
            return false;
        }
    }

    @Test
    @Timeout(30)
    void startsAndStopsCleanlyWithoutThreadGrowth() throws Exception {
        assumeThat(libusbHotplugHere()).as("libusb with hotplug on this machine").isTrue();
        int baseline = Thread.activeCount();
        for (int i = 0; i < 5; i++) {
            // A long event wait: close() can only finish in time if it interrupts the handler.
            LibUsbHotplug hotplug = new LibUsbHotplug(KeyCatalog.defaults(), Duration.ofMinutes(2),
                    () -> LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG));
            List<KeyPresence> seen = new CopyOnWriteArrayList<>();
            hotplug.start((p, s) -> seen.add(p));
            assertThat(hotplug.threadAlive()).isTrue();
            hotplug.close();
            assertThat(hotplug.threadAlive()).as("event thread stopped by close()").isFalse();
            hotplug.close(); // idempotent
            assertThat(seen).as("no keys here, nothing reported").isEmpty();
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(baseline);
    }

    @Test
    void cannotStartTwice() throws Exception {
        assumeThat(libusbHotplugHere()).isTrue();
        LibUsbHotplug hotplug = new LibUsbHotplug(KeyCatalog.defaults());
        try {
            hotplug.start((p, s) -> { });
            assertThatThrownBy(() -> hotplug.start((p, s) -> { })).isInstanceOf(IllegalStateException.class);
        } finally {
            hotplug.close();
        }
    }

    @Test
    void withoutHotplugSupportItRefusesToStartAndHoldsNothing() {
        assumeThat(libusbHotplugHere()).isTrue();
        int baseline = Thread.activeCount();
        LibUsbHotplug hotplug = new LibUsbHotplug(KeyCatalog.defaults(), LibUsbHotplug.EVENT_WAIT, () -> false);
        assertThatThrownBy(() -> hotplug.start((p, s) -> { }))
                .isInstanceOf(UsbUnavailableException.class)
                .hasMessage("libusb on this system has no hotplug support");
        assertThat(hotplug.threadAlive()).isFalse();
        hotplug.close();
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(baseline);
        // KeyEvents logs it and carries on with the other sources.
        List<String> got = new CopyOnWriteArrayList<>();
        KeySource other = new KeyEventsTest.RecordingSource("other", got);
        try (KeyEvents events = new KeyEvents((p, s) -> { },
                List.of(new LibUsbHotplug(KeyCatalog.defaults(), LibUsbHotplug.EVENT_WAIT, () -> false), other))) {
            events.start();
            assertThat(events.runningSources()).containsExactly("other");
        }
    }

    @Test
    void closeWithoutStartIsHarmless() {
        LibUsbHotplug hotplug = new LibUsbHotplug(KeyCatalog.defaults());
        hotplug.close();
        assertThat(hotplug.threadAlive()).isFalse();
    }

    @Test
    @Timeout(30)
    void runsUnderKeyEventsEitherStartedOrSkipped() {
        LibUsbHotplug hotplug = new LibUsbHotplug(KeyCatalog.defaults());
        try (KeyEvents events = new KeyEvents((p, s) -> { }, List.of(hotplug))) {
            events.start();
            // Started where libusb has hotplug, skipped (one log line) where not; never a crash.
            assertThat(events.runningSources()).isEqualTo(libusbHotplugHere() ? List.of("libusb") : List.of());
        }
        assertThat(hotplug.threadAlive()).isFalse();
    }

    @Test
    void libusbScanListsNoKeysOnAMachineWithoutThem() throws Exception {
        assumeThat(libusbHotplugHere()).isTrue();
        // This machine has no USB keys: the scan must work and find none.
        assertThat(KeyScanner.libusb(KeyCatalog.defaults()).presentKeys()).isEmpty();
    }
}
