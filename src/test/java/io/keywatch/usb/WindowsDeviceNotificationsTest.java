package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.KeyPresence;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The message decisions, without a window: runs on any OS. */
class WindowsDeviceNotificationsTest {
    static final String KEY_A = "\\\\?\\USB#VID_096E&PID_0303#5&1a2b&0&2#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";
    static final String KEY_B = "\\\\?\\USB#VID_055C&PID_E618#7&99&0&1#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";
    static final String MOUSE = "\\\\?\\USB#VID_046D&PID_C077#6&1&0&3#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";

    private final WindowsDeviceNotifications source = new WindowsDeviceNotifications(KeyCatalog.defaults());

    @Test
    void catalogKeyArrivalAndRemoval() {
        assertThat(source.interpret(0x8000, Broadcasts.deviceInterface(KEY_A))).contains(KeyPresence.PRESENT);
        assertThat(source.interpret(0x8004, Broadcasts.deviceInterface(KEY_A))).contains(KeyPresence.ABSENT);
    }

    @Test
    void devicesOutsideTheCatalogAreIgnored() {
        assertThat(source.interpret(0x8000, Broadcasts.deviceInterface(MOUSE))).isEmpty();
        assertThat(source.interpret(0x8004, Broadcasts.deviceInterface(MOUSE))).isEmpty();
    }

    @Test
    void removingOneOfTwoKeysLeavesAKeyPresent() {
        source.interpret(0x8000, Broadcasts.deviceInterface(KEY_A));
        source.interpret(0x8000, Broadcasts.deviceInterface(KEY_B));
        assertThat(source.interpret(0x8004, Broadcasts.deviceInterface(KEY_A))).contains(KeyPresence.PRESENT);
        // Windows may change the path's case between messages: identity ignores case.
        assertThat(source.interpret(0x8004, Broadcasts.deviceInterface(KEY_B.toLowerCase(Locale.ROOT))))
                .contains(KeyPresence.ABSENT);
    }

    @Test
    void removalOfAKeyAttachedBeforeStartIsStillReported() {
        assertThat(source.interpret(0x8004, Broadcasts.deviceInterface(KEY_B))).contains(KeyPresence.ABSENT);
    }

    @Test
    void nonArrivalMessagesChangeNothing() {
        for (long wParam : List.of(0x0007L, 0x8001L, 0x8003L)) {
            assertThat(source.interpret(wParam, Broadcasts.deviceInterface(KEY_A))).isEmpty();
        }
        assertThat(source.interpret(0x8004, Broadcasts.deviceInterface(KEY_A))).as("never arrived, in catalog")
                .contains(KeyPresence.ABSENT);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void startingWhereThereIsNoUser32FailsCleanly() {
        assertThatThrownBy(() -> source.start((p, s) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("device notifications unavailable: ");
        assertThat(source.threadAlive()).as("message thread ended").isFalse();
        source.close();
        // Under KeyEvents it is skipped with one log line.
        WindowsDeviceNotifications other = new WindowsDeviceNotifications(KeyCatalog.defaults());
        try (KeyEvents events = new KeyEvents((p, s) -> { }, List.of(other))) {
            events.start();
            assertThat(events.runningSources()).isEmpty();
        }
    }

    @Test
    void constructingTouchesNothingNative() {
        assertThat(source.name()).isEqualTo("windows-usb");
        source.close(); // never started: no-op, no User32 lookup
        assertThat(source.threadAlive()).isFalse();
    }

    @Test
    void theMessageThreadHasItsOwnLargeStackNotTheLaunchersXss() throws Exception {
        assertThat(WindowsDeviceNotifications.STACK_SIZE).isEqualTo(4L * 1024 * 1024);
        int launcherDefault = io.keywatch.testutil.StackDepth.withStackOf(512 * 1024);
        int messageThread = io.keywatch.testutil.StackDepth.measure(WindowsDeviceNotifications::messageThread);
        // 8 times the stack; frames differ between runs (interpreted vs compiled), so only 4 times is asserted (the JVM default of 1 MB gets about 2).
        assertThat(messageThread).isGreaterThan(4 * launcherDefault);
        assertThat(WindowsDeviceNotifications.messageThread(() -> { }).isDaemon()).isTrue();
    }
}
