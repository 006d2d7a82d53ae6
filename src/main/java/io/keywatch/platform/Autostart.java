package io.keywatch.platform;

import java.io.IOException;
import java.util.List;

/** Start at login for the current user: HKCU Run value on Windows, an XDG autostart entry elsewhere. */
public interface Autostart {

    boolean isEnabled() throws IOException;

    /** @param command the program and its arguments that start KeyWatch's tray */
    void enable(List<String> command) throws IOException;

    void disable() throws IOException;

    /** Where the setting lives, for messages and the README (a path or a registry value). */
    String location();
}
