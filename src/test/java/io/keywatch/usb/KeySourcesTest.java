package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.KeyPresence;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** BJCA push, startup scan and the per-OS choice. */
class KeySourcesTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final KeySink sink = (p, s) -> seen.add(p + "/" + s);

    @Test
    void bjcaPushIsReportedAsUnknownUntilClosed() {
        FakeXtxClient xtx = new FakeXtxClient();
        BjcaKeyEvents bjca = new BjcaKeyEvents(xtx);
        bjca.start(sink);
        xtx.pushUsbkeyChange();
        xtx.pushUsbkeyChange();
        assertThat(seen).containsExactly("UNKNOWN/bjca", "UNKNOWN/bjca");
        bjca.close();
        assertThat(xtx.listeners).as("subscription ended").isEmpty();
        xtx.pushUsbkeyChange();
        assertThat(seen).hasSize(2);
        bjca.close(); // idempotent
        assertThatThrownBy(() -> { bjca.start(sink); bjca.start(sink); }).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bjcaSubscriptionThatFailsToCloseIsOnlyLogged() {
        FakeXtxClient xtx = new FakeXtxClient() {
            @Override
            public AutoCloseable onUsbkeyChange(Runnable listener) {
                return () -> {
                    throw new java.io.IOException("socket already closed");
                };
            }
        };
        BjcaKeyEvents bjca = new BjcaKeyEvents(xtx);
        bjca.start(sink);
        bjca.close();
        assertThat(seen).isEmpty();
    }

    @Test
    void startupScanReportsAKeyAlreadyAttached() {
        new StartupScan(() -> List.of("Feitian 飞天诚信 096E:0303")).start(sink);
        assertThat(seen).containsExactly("PRESENT/startup-scan");
    }

    @Test
    void startupScanWithNothingFoundAsksBjcaOnce() {
        new StartupScan(List::of).start(sink);
        assertThat(seen).containsExactly("UNKNOWN/startup-scan");
    }

    @Test
    void startupScanWithoutUsbAccessAsksBjcaOnce() {
        new StartupScan(() -> {
            throw new UsbUnavailableException("libusb native library not available");
        }).start(sink);
        StartupScan.bjcaOnly().start(sink);
        new StartupScan(() -> {
            throw new UnsatisfiedLinkError("no libusb4java");
        }).start(sink);
        assertThat(seen).containsExactly("UNKNOWN/startup-scan", "UNKNOWN/startup-scan", "UNKNOWN/startup-scan");
    }

    @Test
    void windowsGetsDeviceNotificationsAndOthersGetLibusb() {
        FakeXtxClient xtx = new FakeXtxClient();
        List<KeySource> windows = UsbSources.forOs("Windows 10", KeyCatalog.defaults(), xtx);
        assertThat(windows).extracting(KeySource::name).containsExactly("windows-usb", "bjca", "startup-scan");
        assertThat(windows.get(0)).isInstanceOf(WindowsDeviceNotifications.class);
        List<KeySource> linux = UsbSources.forOs("Linux", KeyCatalog.defaults(), xtx);
        assertThat(linux).extracting(KeySource::name).containsExactly("libusb", "bjca", "startup-scan");
        assertThat(UsbSources.forOs("Mac OS X", KeyCatalog.defaults(), xtx).get(0)).isInstanceOf(LibUsbHotplug.class);
        assertThat(UsbSources.forThisMachine(KeyCatalog.defaults(), xtx).get(0))
                .isInstanceOf(System.getProperty("os.name").startsWith("Windows")
                        ? WindowsDeviceNotifications.class : LibUsbHotplug.class);
    }

    @Test
    void presentKeysCountsDownToAbsent() {
        PresentKeys keys = new PresentKeys();
        keys.seed("1-4");
        assertThat(keys.arrived("1-5")).isEqualTo(KeyPresence.PRESENT);
        assertThat(keys.left("1-9", false)).as("not a key").isEmpty();
        assertThat(keys.left("1-4", false)).as("seeded key left, one remains").contains(KeyPresence.PRESENT);
        assertThat(keys.left("1-5", false)).contains(KeyPresence.ABSENT);
        assertThat(keys.left("1-6", true)).as("catalog key never seen").contains(KeyPresence.ABSENT);
        assertThat(keys.size()).isZero();
    }
}
