package io.keywatch.tray;

import java.util.Objects;

/**
 * One notification: a tray balloon, or a console line when there is no tray. Title and text are
 * fitted to Windows' limits on construction, so nothing longer can reach the OS; {@code shortened}
 * tells that fitting cut something (the bundle test keeps realistic texts from ever needing it).
 */
public record Balloon(Kind kind, String title, String text, boolean shortened) {

    /** Maps to {@link java.awt.TrayIcon.MessageType}; the console prints it as a prefix. */
    public enum Kind { INFO, WARNING, ERROR }

    public Balloon(Kind kind, String title, String text) {
        this(kind, title, text, false);
    }

    public Balloon {
        Objects.requireNonNull(kind, "kind");
        String fittedTitle = BalloonText.title(title);
        String fittedText = BalloonText.text(text);
        shortened = shortened || !fittedTitle.equals(stripped(title)) || !fittedText.equals(stripped(text));
        title = fittedTitle;
        text = fittedText;
    }

    private static String stripped(String s) {
        return s == null ? "" : s.strip();
    }
}
