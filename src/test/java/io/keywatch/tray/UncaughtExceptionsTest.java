package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which uncaught exceptions are AWT's tray-host race (logged as one line), and that nothing else is hidden. */
class UncaughtExceptionsTest {

    /** The stack the tray UI test's child printed when trayer was stopped (JDK 17, XToolkit). */
    private static UnsupportedOperationException theRace() {
        UnsupportedOperationException e = new UnsupportedOperationException(
                "The system tray is not supported on the current platform.");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.awt.SystemTray", "getSystemTray", "SystemTray.java", 180),
            new StackTraceElement("sun.awt.X11.XTrayIconPeer$4$1", "run", "XTrayIconPeer.java", 223),
            new StackTraceElement("java.awt.event.InvocationEvent", "dispatch", "InvocationEvent.java", 318),
            new StackTraceElement("java.awt.EventDispatchThread", "run", "EventDispatchThread.java", 90),
        });
        return e;
    }

    @Test
    void recognisesTheTrayPeersRaceOnly() {
        assertThat(UncaughtExceptions.isTrayHostRace(theRace())).isTrue();

        UnsupportedOperationException elsewhere = new UnsupportedOperationException("not here");
        assertThat(UncaughtExceptions.isTrayHostRace(elsewhere)).as("our own code").isFalse();

        IllegalStateException otherType = new IllegalStateException("x");
        otherType.setStackTrace(theRace().getStackTrace());
        assertThat(UncaughtExceptions.isTrayHostRace(otherType)).as("another exception type").isFalse();

        UnsupportedOperationException peerOnly = new UnsupportedOperationException("x");
        peerOnly.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("sun.awt.X11.XTrayIconPeer", "updateImage", "XTrayIconPeer.java", 1),
        });
        assertThat(UncaughtExceptions.isTrayHostRace(peerOnly)).as("not thrown by SystemTray").isFalse();

        UnsupportedOperationException trayOnly = new UnsupportedOperationException("x");
        trayOnly.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.awt.SystemTray", "getSystemTray", "SystemTray.java", 180),
            new StackTraceElement("io.keywatch.tray.TrayHost", "install", "TrayHost.java", 1),
        });
        assertThat(UncaughtExceptions.isTrayHostRace(trayOnly)).as("KeyWatch's own call is a bug to see").isFalse();
    }

    @Test
    void installKeepsAHandlerTheProcessAlreadyHas() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.UncaughtExceptionHandler theirs = (t, e) -> { };
        try {
            Thread.setDefaultUncaughtExceptionHandler(theirs);
            UncaughtExceptions.install();
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(theirs);

            Thread.setDefaultUncaughtExceptionHandler(null);
            UncaughtExceptions.install();
            UncaughtExceptions.install();
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(UncaughtExceptions.HANDLER);
            int races = UncaughtExceptions.trayRaces();
            UncaughtExceptions.handle(Thread.currentThread(), theRace()); // logs, never throws
            UncaughtExceptions.handle(Thread.currentThread(), new IllegalStateException("a bug"));
            assertThat(UncaughtExceptions.trayRaces()).isEqualTo(races + 1);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
