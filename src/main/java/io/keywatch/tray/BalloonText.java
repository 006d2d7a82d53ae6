package io.keywatch.tray;

/**
 * Windows' tray limits, in UTF-16 units (the fixed WCHAR buffers of {@code NOTIFYICONDATA} minus the
 * terminating NUL): longer text is cut by the OS mid-word or dropped, so it is shortened here, visibly,
 * without splitting a surrogate pair.
 */
public final class BalloonText {
    public static final int TITLE_MAX = 63;
    public static final int TEXT_MAX = 255;
    public static final int TOOLTIP_MAX = 127;
    static final String ELLIPSIS = "…";

    private BalloonText() {
    }

    /** {@code text} unchanged when it fits in {@code max} UTF-16 units, else cut and ended with "…". */
    public static String fit(String text, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        String s = text == null ? "" : text.strip();
        if (s.length() <= max) {
            return s;
        }
        int end = max - ELLIPSIS.length();
        if (Character.isLowSurrogate(s.charAt(end)) && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never leave half a character (e.g. a rare CJK name outside the BMP)
        }
        return s.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    public static String title(String s) {
        return fit(s, TITLE_MAX);
    }

    public static String text(String s) {
        return fit(s, TEXT_MAX);
    }

    /** A tooltip is one line: line breaks become spaces before fitting. */
    public static String tooltip(String s) {
        return fit(s == null ? "" : s.replaceAll("\\s*\\R\\s*", " "), TOOLTIP_MAX);
    }
}
