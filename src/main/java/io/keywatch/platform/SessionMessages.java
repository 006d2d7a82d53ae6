package io.keywatch.platform;

import io.keywatch.core.SessionEvents;
import java.util.Optional;

/**
 * Which Windows power and session messages mean "look at BJCA again". Pure, so it is tested on Linux;
 * {@link WindowsSessionEvents} feeds it what its window receives.
 *
 * <ul>
 *   <li>{@code WM_POWERBROADCAST}: {@code PBT_APMRESUMEAUTOMATIC} (every resume, also an unattended
 *       one) and {@code PBT_APMRESUMESUSPEND} (a resume a person started) are {@code RESUMED}; Windows
 *       usually sends both, the watchdog makes one check of them. Suspend, battery and power-setting
 *       messages mean nothing here.</li>
 *   <li>{@code WM_WTSSESSION_CHANGE}: {@code WTS_SESSION_UNLOCK}, {@code WTS_SESSION_LOGON},
 *       {@code WTS_CONSOLE_CONNECT} and {@code WTS_REMOTE_CONNECT} (the user is back at this session)
 *       are {@code UNLOCKED}; lock, logoff and disconnect are not (nobody is looking).</li>
 * </ul>
 */
public final class SessionMessages {
    static final int WM_POWERBROADCAST = 0x0218;
    static final int WM_WTSSESSION_CHANGE = 0x02B1;
    static final int PBT_APMSUSPEND = 0x4;
    static final int PBT_APMRESUMESUSPEND = 0x7;
    static final int PBT_APMRESUMEAUTOMATIC = 0x12;
    static final int WTS_CONSOLE_CONNECT = 0x1;
    static final int WTS_CONSOLE_DISCONNECT = 0x2;
    static final int WTS_REMOTE_CONNECT = 0x3;
    static final int WTS_SESSION_LOGON = 0x5;
    static final int WTS_SESSION_LOCK = 0x7;
    static final int WTS_SESSION_UNLOCK = 0x8;

    private SessionMessages() {
    }

    /** What a window message means for the watchdog; empty for everything else. */
    public static Optional<SessionEvents.Change> interpret(int message, long wParam) {
        if (message == WM_POWERBROADCAST) {
            return wParam == PBT_APMRESUMEAUTOMATIC || wParam == PBT_APMRESUMESUSPEND
                    ? Optional.of(SessionEvents.Change.RESUMED) : Optional.empty();
        }
        if (message == WM_WTSSESSION_CHANGE) {
            return wParam == WTS_SESSION_UNLOCK || wParam == WTS_SESSION_LOGON || wParam == WTS_CONSOLE_CONNECT
                    || wParam == WTS_REMOTE_CONNECT ? Optional.of(SessionEvents.Change.UNLOCKED) : Optional.empty();
        }
        return Optional.empty();
    }
}
