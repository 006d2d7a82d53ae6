package io.keywatch.platform;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.CheckResult;
import io.keywatch.core.WatchdogStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code keywatch status --json} prints: the running watchdog's snapshot as one JSON object, and the
 * standard {@link SingleInstance.Handler} that answers {@code status} and {@code show}.
 */
public final class InstanceChannelStatus {
    /** Scripts see every key, null when the fact is unknown: jackson-jr drops nulls unless told. */
    private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private InstanceChannelStatus() {
    }

    /**
     * Keys: {@code state}, {@code keyPresent}, {@code user}, {@code check} (OK/FAILED/UNAVAILABLE/TIMEOUT),
     * {@code verdict}, {@code bridge}, {@code reason}, {@code checkedAt}, {@code cause} (the doctor's check id), {@code lastResetId}, {@code since};
     * absent facts are JSON null, so scripts see every key always.
     */
    public static Map<String, Object> toMap(WatchdogStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().name());
        m.put("keyPresent", s.keyPresent());
        CheckResult c = s.lastCheck().orElse(null);
        m.put("user", c == null ? null : c.userName().orElse(null));
        m.put("check", c == null ? null : c.status().name());
        m.put("verdict", c == null ? null : c.diagnosis().verdict().name());
        m.put("bridge", c == null ? null : c.bridge());
        m.put("reason", c == null ? null : c.reason().orElse(null));
        m.put("checkedAt", c == null ? null : c.at().toString());
        m.put("cause", c == null ? null : c.cause().map(io.keywatch.core.Cause::id).orElse(null));
        m.put("lastResetId", s.lastReset().map(e -> e.id()).orElse(null));
        m.put("since", s.since().toString());
        return m;
    }

    public static String toJson(WatchdogStatus s) {
        try {
            return WRITER.asString(toMap(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code status} with {@link #toJson} and {@code show} by running {@code show} (then "ok"). */
    public static SingleInstance.Handler handler(Supplier<WatchdogStatus> status, Runnable show) {
        return request -> switch (request) {
            case SingleInstance.STATUS -> toJson(status.get());
            case SingleInstance.SHOW -> {
                show.run();
                yield "ok";
            }
            default -> null;
        };
    }
}
