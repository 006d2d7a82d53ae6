package io.keywatch.doctor;

import java.util.List;

/** What USB sees: the known BJCA keys attached now (the usb package's catalog, or a simulator's view). */
@FunctionalInterface
public interface UsbView {

    /** A known key on USB: its VID:PID and the catalog's vendor label. */
    record Key(String ids, String vendor) { }

    /** @throws Exception when this machine cannot list USB devices (the check then relies on BJCA) */
    List<Key> knownKeys() throws Exception;
}
