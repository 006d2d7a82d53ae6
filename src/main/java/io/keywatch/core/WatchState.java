package io.keywatch.core;

/** What the watchdog is doing or found; the tray icon follows it. */
public enum WatchState {
    WAITING_FOR_KEY, CHECKING, OK, FAILED, UNAVAILABLE, TIMEOUT, REPAIRING;

    public static WatchState of(CheckStatus status) {
        return switch (status) {
            case OK -> OK;
            case FAILED -> FAILED;
            case UNAVAILABLE -> UNAVAILABLE;
            case TIMEOUT -> TIMEOUT;
        };
    }
}
