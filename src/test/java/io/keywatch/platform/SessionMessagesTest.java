package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.SessionEvents.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Windows messages make the watchdog look again: decided on Linux, values from WinUser.h / WtsApi32.h. */
class SessionMessagesTest {

    @ParameterizedTest(name = "msg {0} wParam {1} -> {2}")
    @CsvSource({
        // WM_POWERBROADCAST (0x218)
        "536, 18, RESUMED",   // PBT_APMRESUMEAUTOMATIC: every resume, also unattended
        "536, 7, RESUMED",    // PBT_APMRESUMESUSPEND: a resume a person started
        "536, 4, ",           // PBT_APMSUSPEND: going to sleep, nobody looks
        "536, 6, ",           // PBT_APMRESUMECRITICAL (pre-Vista): not sent any more, not guessed at
        "536, 10, ",          // PBT_APMPOWERSTATUSCHANGE
        "536, 32787, ",       // PBT_POWERSETTINGCHANGE
        // WM_WTSSESSION_CHANGE (0x2B1)
        "689, 8, UNLOCKED",   // WTS_SESSION_UNLOCK
        "689, 5, UNLOCKED",   // WTS_SESSION_LOGON
        "689, 1, UNLOCKED",   // WTS_CONSOLE_CONNECT (fast user switching back to this session)
        "689, 3, UNLOCKED",   // WTS_REMOTE_CONNECT
        "689, 7, ",           // WTS_SESSION_LOCK
        "689, 6, ",           // WTS_SESSION_LOGOFF
        "689, 2, ",           // WTS_CONSOLE_DISCONNECT
        "689, 4, ",           // WTS_REMOTE_DISCONNECT
        "689, 9, ",           // WTS_SESSION_REMOTE_CONTROL
        // Neighbours of the two messages, and a wParam that only looks like one
        "537, 18, ",
        "535, 18, ",
        "688, 8, ",
        "690, 8, ",
        "537, 8, ",
        "16, 18, ",           // WM_CLOSE
        "536, 4294967314, ",  // 0x1_0000_0012: the high half must not be dropped
    })
    void interpretsExactlyTheMessagesThatMeanTheUserIsBack(int message, long wParam, Change expected) {
        assertThat(SessionMessages.interpret(message, wParam)).isEqualTo(java.util.Optional.ofNullable(expected));
    }

    @Test
    void theConstantsAreWindowsOwn() {
        assertThat(SessionMessages.WM_POWERBROADCAST).isEqualTo(com.sun.jna.platform.win32.WinUser.WM_POWERBROADCAST);
        assertThat(SessionMessages.PBT_APMRESUMEAUTOMATIC)
                .isEqualTo(com.sun.jna.platform.win32.WinUser.PBT_APMRESUMEAUTOMATIC);
        assertThat(SessionMessages.PBT_APMRESUMESUSPEND).isEqualTo(com.sun.jna.platform.win32.WinUser.PBT_APMRESUMESUSPEND);
        assertThat(SessionMessages.WTS_SESSION_UNLOCK).isEqualTo(com.sun.jna.platform.win32.Wtsapi32.WTS_SESSION_UNLOCK);
        assertThat(SessionMessages.WTS_SESSION_LOGON).isEqualTo(com.sun.jna.platform.win32.Wtsapi32.WTS_SESSION_LOGON);
        assertThat(SessionMessages.WTS_CONSOLE_CONNECT).isEqualTo(com.sun.jna.platform.win32.Wtsapi32.WTS_CONSOLE_CONNECT);
        assertThat(SessionMessages.WTS_SESSION_LOCK).isEqualTo(com.sun.jna.platform.win32.Wtsapi32.WTS_SESSION_LOCK);
    }

    @Test
    void theGenericPlatformHasNoSessionEventsAndSaysSo() {
        var events = new GenericPlatform().sessionEvents();
        assertThat(events.start(c -> { })).isFalse();
        assertThat(events.name()).isEqualTo("none");
        assertThat(events.status()).isEqualTo(io.keywatch.core.SessionEvents.Status.of(
                io.keywatch.core.SessionEvents.State.NOT_ON_THIS_PLATFORM));
        events.close();
    }
}
