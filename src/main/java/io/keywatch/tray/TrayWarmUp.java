package io.keywatch.tray;

import io.keywatch.core.WatchState;
import java.awt.GraphicsEnvironment;
import java.awt.SystemTray;

/**
 * Starts the AWT toolkit and draws the first icon on a background thread, so that work overlaps with
 * setting up logging and reading the configuration instead of following them. No logger in this
 * class: touching SLF4J would start Logback on the caller's thread first, which is what the warm-up
 * runs beside.
 */
public final class TrayWarmUp {
    private TrayWarmUp() {
    }

    /** Call first thing when the tray will start. Harmless without a display; never throws. */
    public static void start() {
        Thread t = new Thread(TrayWarmUp::run, "keywatch-tray-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            if (!GraphicsEnvironment.isHeadless() && SystemTray.isSupported()) {
                StateIcons.icon(WatchState.WAITING_FOR_KEY, SystemTray.getSystemTray().getTrayIconSize().height);
            }
        } catch (Throwable e) { // AWTError, HeadlessException, UnsatisfiedLinkError: the real start reports them
            org.slf4j.LoggerFactory.getLogger(TrayWarmUp.class).debug("tray warm-up: {}", e.toString());
        }
    }
}
