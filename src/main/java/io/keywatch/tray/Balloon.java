package io.keywatch.tray;

import java.util.Objects;

/**
 * One notification: a tray balloon, or a console line when there is no tray. Title and text are
 * fitted to Windows' limits on construction, so nothing longer can reach the OS.
 */
public record Balloon(Kind kind, String title, String text) {

    /** Maps to {@link java.awt.TrayIcon.MessageType}; the console prints it as a prefix. */
    public enum Kind { INFO, WARNING, ERROR }

    public Balloon {
        Objects.requireNonNull(kind, "kind");
        title = BalloonText.title(title);
        text = BalloonText.text(text);
    }
}
