package io.keywatch.usb;

import io.keywatch.core.KeyPresence;

/**
 * Where a key source reports what it saw. Called on the source's own thread; implementations only
 * post work elsewhere and never throw back into the source.
 */
@FunctionalInterface
public interface KeySink {

    /**
     * @param presence what the source knows now: a catalog key arrived ({@code PRESENT}), the last
     *                 one left ({@code ABSENT}), or "something changed" ({@code UNKNOWN}: ask BJCA)
     * @param source   short name of the source, for logs ({@code windows-usb}, {@code libusb}, {@code bjca}, ...)
     */
    void keyEvent(KeyPresence presence, String source);
}
