package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import io.keywatch.core.SessionEvents.Change;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The real hidden window, session registration and message thread: Windows CI only. */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class WindowsSessionEventsWindowsTest {

    @Test
    void theWindowHearsResumeAndUnlockAndNothingElse() throws Exception {
        LinkedBlockingQueue<Change> heard = new LinkedBlockingQueue<>();
        WindowsSessionEvents events = new WindowsSessionEvents();
        assertThat(events.status().state()).isEqualTo(io.keywatch.core.SessionEvents.State.NOT_STARTED);
        assertThat(events.start(heard::add)).isTrue();
        assertThat(events.status().state()).isEqualTo(io.keywatch.core.SessionEvents.State.RUNNING);
        try {
            var hwnd = events.window().orElseThrow();
            assertThat(User32.INSTANCE.IsWindowVisible(hwnd)).as("never shown").isFalse();
            post(events, SessionMessages.WM_WTSSESSION_CHANGE, SessionMessages.WTS_SESSION_LOCK);
            post(events, SessionMessages.WM_POWERBROADCAST, SessionMessages.PBT_APMSUSPEND);
            post(events, SessionMessages.WM_WTSSESSION_CHANGE, SessionMessages.WTS_SESSION_UNLOCK);
            post(events, SessionMessages.WM_POWERBROADCAST, SessionMessages.PBT_APMRESUMEAUTOMATIC);
            // The two that matter, in order, and nothing for lock or suspend.
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(Change.UNLOCKED);
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(Change.RESUMED);
            assertThat(heard).isEmpty();
        } finally {
            events.close();
        }
        assertThat(events.threadAlive()).isFalse();
        assertThat(events.status().state()).isEqualTo(io.keywatch.core.SessionEvents.State.STOPPED);
        events.close(); // idempotent
    }

    @Test
    void startsAndStopsWithoutLeavingTheThreadBehind() {
        int baseline = Thread.activeCount();
        for (int i = 0; i < 3; i++) {
            WindowsSessionEvents events = new WindowsSessionEvents();
            assertThat(events.start(c -> { })).isTrue();
            assertThat(events.threadAlive()).isTrue();
            events.close();
            assertThat(events.threadAlive()).isFalse();
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(baseline);
    }

    @Test
    void theWindowsPlatformOffersIt() {
        assertThat(new WindowsPlatform().sessionEvents().name()).isEqualTo("windows-session");
    }

    private static void post(WindowsSessionEvents events, int message, int wParam) {
        // Sent from another thread: the window's thread handles it inside its GetMessage, in order.
        User32.INSTANCE.SendMessage(events.window().orElseThrow(), message, new WPARAM(wParam), new LPARAM(0));
    }
}
