package io.keywatch.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** This machine's name and the user's login name, as IT's inventory knows them. Never throws. */
public final class HostIdentity {
    private static volatile String machine;

    private HostIdentity() {
    }

    /** {@code COMPUTERNAME} (Windows) or {@code HOSTNAME}, else the resolver's host name, else {@code unknown}. */
    public static String machine() {
        String m = machine;
        if (m == null) {
            m = firstNonBlank(System.getenv("COMPUTERNAME"), System.getenv("HOSTNAME"));
            if (m == null) {
                try {
                    m = InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException | SecurityException e) {
                    m = "unknown";
                }
            }
            machine = m;
        }
        return m;
    }

    /** The login name ({@code user.name}); on Windows with the domain when one is set ({@code DOMAIN\name}). */
    public static String user() {
        String name = System.getProperty("user.name", "unknown");
        String domain = System.getenv("USERDOMAIN");
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return windows && domain != null && !domain.isBlank() && !domain.equalsIgnoreCase(machine())
                ? domain + "\\" + name : name;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
