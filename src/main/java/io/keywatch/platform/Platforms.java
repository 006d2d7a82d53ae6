package io.keywatch.platform;

import java.util.Locale;

/** Chooses the {@link Platform} for this process, once. */
public final class Platforms {
    private static volatile Platform current;

    private Platforms() {
    }

    public static Platform current() {
        Platform p = current;
        if (p == null) {
            synchronized (Platforms.class) {
                if (current == null) {
                    current = create(System.getProperty("os.name", ""));
                }
                p = current;
            }
        }
        return p;
    }

    static Platform create(String osName) {
        if (osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return new WindowsPlatform();
        }
        return new GenericPlatform();
    }
}
