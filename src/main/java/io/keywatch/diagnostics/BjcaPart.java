package io.keywatch.diagnostics;

import io.keywatch.config.KeyWatchConfig;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Every BJCA answer, or the error instead; what the summary needs is kept in fields. */
final class BjcaPart {
    private final KeyWatchConfig config;

    String bridge = "?";
    Optional<CheckStatus> status = Optional.empty();
    Optional<String> reason = Optional.empty();
    Optional<String> version = Optional.empty();
    List<KeyUser> users = List.of();
    private String stoppedBecause;

    BjcaPart(KeyWatchConfig config) {
        this.config = config;
    }

    Content collect(Supplier<XtxClient> supplier) {
        if (supplier == null) {
            return Content.absent("no BJCA client configured");
        }
        XtxClient c;
        try {
            c = supplier.get();
        } catch (RuntimeException | LinkageError e) {
            reason = Optional.of(String.valueOf(e.getMessage()));
            status = Optional.of(CheckStatus.UNAVAILABLE);
            return Content.failed("no bridge to BJCA could be opened: " + e.getMessage());
        }
        bridge = c.bridge();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bridge", bridge);
        m.put("timeoutMs", config.bjcaTimeout().toMillis());
        m.put("url", config.bjcaUrl().toString());
        Map<String, Object> calls = new LinkedHashMap<>();
        // The question that matters first: a slow service then costs one timeout, on this call.
        Optional<Object> env = call(calls, "CheckSoftDeviceEnv", c::checkSoftDeviceEnv);
        env.ifPresent(v -> status = Optional.of(Boolean.TRUE.equals(v) ? CheckStatus.OK : CheckStatus.FAILED));
        version = call(calls, "SOF_GetVersion", c::version).map(String::valueOf);
        call(calls, "SOF_GetUserList", c::userList).ifPresent(u -> {
            @SuppressWarnings("unchecked")
            List<KeyUser> list = (List<KeyUser>) u;
            users = list;
        });
        call(calls, "GetDeviceCount", c::deviceCount);
        Optional<Object> serials = call(calls, "GetAllDeviceSN", c::deviceSerials);
        m.put("calls", calls);
        m.put("users", users.stream().map(u -> Map.of("name", u.name(), "certId", u.certId())).toList());
        List<Map<String, Object>> devices = new ArrayList<>();
        if (serials.isPresent()) {
            for (Object sn : (List<?>) serials.get()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("serial", sn);
                Map<String, Object> info = new LinkedHashMap<>();
                for (int type : Diagnostics.DEVICE_INFO_TYPES) {
                    info.put("GetDeviceInfo(" + type + ")", outcome(() -> c.deviceInfo(String.valueOf(sn), type)));
                }
                d.put("info", info);
                devices.add(d);
            }
        }
        m.put("devices", devices);
        if (stoppedBecause != null) {
            m.put("skippedAfter", stoppedBecause);
        }
        return Content.of(Content.json(m));
    }

    private Optional<Object> call(Map<String, Object> calls, String name, Call call) {
        Map<String, Object> o = outcome(call);
        Map<String, Object> shown = new LinkedHashMap<>(o);
        if (o.get("value") instanceof List<?> l && l.stream().allMatch(KeyUser.class::isInstance)) {
            shown.put("value", l.stream().map(u -> Map.of("name", ((KeyUser) u).name(),
                    "certId", ((KeyUser) u).certId())).toList());
        }
        calls.put(name, shown);
        if (!Boolean.TRUE.equals(o.get("ok"))) {
            if (name.equals("CheckSoftDeviceEnv")) {
                status = Optional.of("TIMEOUT".equals(o.get("kind")) ? CheckStatus.TIMEOUT : CheckStatus.UNAVAILABLE);
                reason = Optional.ofNullable((String) o.get("error"));
            }
            return Optional.empty();
        }
        return Optional.ofNullable(o.get("value"));
    }

    /** One bounded call; after a timeout or an unreachable service the rest are not attempted. */
    private Map<String, Object> outcome(Call call) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (stoppedBecause != null) {
            o.put("ok", false);
            o.put("error", "skipped: " + stoppedBecause);
            return o;
        }
        try {
            Object v = call.call();
            o.put("ok", true);
            o.put("value", v);
        } catch (XtxException e) {
            o.put("ok", false);
            o.put("kind", e.kind().name());
            o.put("error", String.valueOf(e.getMessage()));
            if (e.kind() != XtxException.Kind.PROTOCOL) {
                stoppedBecause = e.kind() + " (" + e.getMessage() + ")";
            }
        } catch (RuntimeException e) {
            o.put("ok", false);
            o.put("error", e.toString());
        }
        return o;
    }

    @FunctionalInterface
    private interface Call {
        Object call() throws XtxException;
    }
}
