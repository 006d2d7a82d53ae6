package io.keywatch.usb;

import io.keywatch.core.KeyPresence;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog keys a USB source has seen arrive and not yet leave, by device identity (a Windows
 * device path, a libusb bus/address). Decides what a change means: any arrival is {@code PRESENT};
 * a removal is {@code ABSENT} once no known key remains, {@code PRESENT} while another one does.
 * Confined to the owning source's thread.
 */
final class PresentKeys {
    private final Set<String> present = new HashSet<>();

    /** Remembers a key that was there before the source started; reports nothing. */
    void seed(String deviceId) {
        present.add(deviceId);
    }

    /** A catalog key arrived. */
    KeyPresence arrived(String deviceId) {
        present.add(deviceId);
        return KeyPresence.PRESENT;
    }

    /**
     * A device left. It was a key when we saw it arrive, or when its ids are in the catalog (a key
     * that was present before we started); other devices are not reported.
     */
    Optional<KeyPresence> left(String deviceId, boolean inCatalog) {
        boolean wasKnown = present.remove(deviceId);
        if (!wasKnown && !inCatalog) {
            return Optional.empty();
        }
        return Optional.of(present.isEmpty() ? KeyPresence.ABSENT : KeyPresence.PRESENT);
    }

    int size() {
        return present.size();
    }
}
