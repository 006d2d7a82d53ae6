package io.keywatch.tray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exceptions no code caught, AWT's own included, go to the log instead of raw standard error.
 *
 * <p>Why: when the tray host goes away (the X panel, or Explorer, restarts), AWT's X11 tray peer
 * queues {@code SystemTray.getSystemTray().remove(icon)} on the event thread when it sees its icon
 * window reparented to the root, while the selection owner's death has already made the tray
 * unsupported: the call throws {@code UnsupportedOperationException} inside AWT (a JDK race, nothing
 * KeyWatch calls). The JDK's default handler prints it to standard error in two writes, which splices
 * it into whatever the tray prints on the console meanwhile, and nobody reads standard error of a
 * login-started tray. That race is logged as one harmless line; anything else with its stack trace.
 */
final class UncaughtExceptions {
    private static final Logger LOG = LoggerFactory.getLogger(UncaughtExceptions.class);
    static final Thread.UncaughtExceptionHandler HANDLER = UncaughtExceptions::handle;
    private static final java.util.concurrent.atomic.AtomicInteger TRAY_RACES = new java.util.concurrent.atomic.AtomicInteger();

    private UncaughtExceptions() {
    }

    /** Installs the handler unless the process already has a default handler of its own. */
    static synchronized void install() {
        if (Thread.getDefaultUncaughtExceptionHandler() == null) {
            Thread.setDefaultUncaughtExceptionHandler(HANDLER);
        }
    }

    static void handle(Thread thread, Throwable e) {
        if (isTrayHostRace(e)) {
            TRAY_RACES.incrementAndGet();
            LOG.info("the tray host went away before AWT removed the icon (JDK tray race, harmless): {}",
                    e.getMessage());
        } else {
            LOG.error("uncaught exception in thread {}", thread.getName(), e);
        }
    }

    /** How often AWT's tray race was caught (the UI tests report it). */
    static int trayRaces() {
        return TRAY_RACES.get();
    }

    /** AWT's X11 tray peer failing because the tray host is gone. */
    static boolean isTrayHostRace(Throwable e) {
        if (!(e instanceof UnsupportedOperationException)) {
            return false;
        }
        StackTraceElement[] frames = e.getStackTrace();
        boolean fromSystemTray = false;
        for (StackTraceElement f : frames) {
            if (f.getClassName().equals("java.awt.SystemTray")) {
                fromSystemTray = true;
            } else if (fromSystemTray && f.getClassName().startsWith("sun.awt.X11.XTrayIconPeer")) {
                return true;
            }
        }
        return false;
    }
}
