package io.keywatch.sim;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How the simulated service speaks, between the transports and the {@link SimulatedComponent}:
 * it reads a request (WebSocket frame or {@code synctl} body), calls the component, and writes the
 * reply in the chosen {@link ReplyStyle} with the chosen {@link Quirk}s, the ways the real service
 * has been seen to answer (see {@code reference/bjca-scripts.md}). It also plays the transport
 * faults the tests ask for (late, garbled, dropped replies). Thread-safe.
 */
public final class SimulatedService {
    /** The frame sent instead of a reply while garbling. */
    public static final String GARBAGE = "<html>502 Bad Gateway</html>";
    /** What {@code SOF_GetVersion} answers under {@link Quirk#OLD_SERVICE}: before 2.16, pages send {@code cookie}. */
    public static final String OLD_VERSION = "2.14.0.0";
    /** The text {@link Quirk#USER_LIST_TAIL} puts after the last {@code &&&}. */
    public static final String USER_LIST_TAIL = "UNFINISHED";
    /** How many requests {@link #requests()} remembers. */
    static final int REQUEST_HISTORY = 200;

    /** Which transport a request came in on. */
    public enum Transport { WEBSOCKET, SYNCTL }

    /** Reply spelling: the value's field, and whether booleans and numbers are strings or typed JSON. */
    public enum ReplyStyle {
        RET_VALUE_STRINGS("retValue", true), RET_VALUE_TYPED("retValue", false),
        RET_VAL_TYPED("retVal", false), RET_VAL_STRINGS("retVal", true),
        /** Each reply in the next of the four styles above, in turn. */
        ALTERNATING(null, false);

        private final String field;
        private final boolean strings;

        ReplyStyle(String field, boolean strings) {
            this.field = field;
            this.strings = strings;
        }
    }

    /** Particular ways of the real service, switched on one by one. */
    public enum Quirk {
        /** Before each WebSocket reply, a frame without {@code call_cmd_id} carrying {@code set-cookie} and the token. */
        COOKIE_FRAMES,
        /** Every reply carries {@code loginError} next to its value. */
        LOGIN_ERROR,
        /** {@code CheckSoftDeviceEnv} replies carry no value at all (a page's script reads that as false). */
        NO_VALUE,
        /** {@code SOF_GetUserList} has text after its last {@code &&&} (pages ignore it). */
        USER_LIST_TAIL,
        /** The first answer after the service (re)started is late, see {@link #slowFirstAnswer(Duration)}. */
        SLOW_FIRST_ANSWER,
        /**
         * An old service: {@code SOF_GetVersion} says {@value #OLD_VERSION} and any other WebSocket request
         * without {@code cookie} (the older form pages send to services before 2.16) gets an error.
         */
        OLD_SERVICE,
        /**
         * A service that takes only the 3.4.1 script's form: any WebSocket request without {@code URL},
         * {@code SOF_GetVersion} in the older form included, gets an error and no value.
         */
        URL_REQUIRED
    }

    /** What to do for one request: send these frames (after {@code delay}), or drop the connection. */
    record Reply(List<String> frames, Duration delay, boolean drop) {
    }

    private final SimulatedComponent component;
    private final String sessionToken = "sim-" + UUID.randomUUID();
    private final String cookie = "BJCASESSION=" + UUID.randomUUID().toString().substring(0, 13) + "; path=/";

    // Guarded by this:
    private ReplyStyle webSocketStyle = ReplyStyle.RET_VALUE_STRINGS;
    private ReplyStyle synctlStyle = ReplyStyle.RET_VALUE_TYPED;
    private final Set<Quirk> quirks = EnumSet.noneOf(Quirk.class);
    private Duration slowFirst = Duration.ofMillis(1500);
    private boolean firstSinceStart = true;
    private int alternation;
    private Duration delay = Duration.ZERO;
    private int garble;
    private boolean dropNext;
    private String lastRequestToken;
    private final Deque<Map<String, Object>> requests = new ArrayDeque<>();

    SimulatedService(SimulatedComponent component) {
        this.component = Objects.requireNonNull(component);
    }

    public String sessionToken() {
        return sessionToken;
    }

    /** The {@code set-cookie} value {@link Quirk#COOKIE_FRAMES} hands out. */
    public String cookie() {
        return cookie;
    }

    public synchronized void webSocketStyle(ReplyStyle style) {
        webSocketStyle = Objects.requireNonNull(style);
    }

    public synchronized void synctlStyle(ReplyStyle style) {
        synctlStyle = Objects.requireNonNull(style);
    }

    public synchronized void quirks(Set<Quirk> on) {
        quirks.clear();
        quirks.addAll(on);
        if (on.contains(Quirk.OLD_SERVICE)) {
            component.version(OLD_VERSION);
        } else if (component.version().equals(OLD_VERSION)) {
            component.version(SimulatedComponent.VERSION);
        }
    }

    public synchronized Set<Quirk> quirks() {
        return Set.copyOf(quirks);
    }

    /** How late {@link Quirk#SLOW_FIRST_ANSWER} answers first. */
    public synchronized void slowFirstAnswer(Duration late) {
        slowFirst = late.isNegative() ? Duration.ZERO : late;
    }

    synchronized void started() {
        firstSinceStart = true;
    }

    synchronized void replyDelay(Duration d) {
        delay = d.isNegative() ? Duration.ZERO : d;
    }

    synchronized void garbleReplies(int count) {
        garble = Math.max(0, count);
    }

    synchronized void dropOnNextRequest() {
        dropNext = true;
    }

    synchronized Optional<String> lastRequestToken() {
        return Optional.ofNullable(lastRequestToken);
    }

    /** The last {@value #REQUEST_HISTORY} requests as parsed, oldest first. */
    public synchronized List<Map<String, Object>> requests() {
        return List.copyOf(requests);
    }

    /** Answers one request, honouring style, quirks and faults. */
    synchronized Reply answer(String requestText, Transport transport) {
        if (dropNext) {
            dropNext = false;
            return new Reply(List.of(), Duration.ZERO, true);
        }
        List<String> frames = new ArrayList<>();
        String reply = reply(requestText, transport, frames);
        if (garble > 0) {
            garble--;
            reply = GARBAGE;
        }
        frames.add(reply);
        Duration wait = delay;
        if (firstSinceStart) {
            firstSinceStart = false;
            if (quirks.contains(Quirk.SLOW_FIRST_ANSWER) && slowFirst.compareTo(wait) > 0) {
                wait = slowFirst;
            }
        }
        return new Reply(transport == Transport.SYNCTL ? List.of(reply) : List.copyOf(frames), wait, false);
    }

    private String reply(String requestText, Transport transport, List<String> before) {
        Map<String, Object> reply = new LinkedHashMap<>();
        Map<String, Object> request;
        try {
            Object parsed = JSON.std.anyFrom(requestText);
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new IOException("not a JSON object");
            }
            request = new LinkedHashMap<>();
            m.forEach((k, v) -> request.put(String.valueOf(k), v));
        } catch (IOException | RuntimeException e) {
            reply.put("error", "request is not a JSON object: " + e.getMessage());
            return write(reply);
        }
        remember(request);
        Object callId = request.get("call_cmd_id");
        if (callId != null) {
            reply.put("call_cmd_id", callId);
        }
        if (request.get("token") instanceof String t) {
            lastRequestToken = t;
        }
        String function = String.valueOf(request.get("xtx_func_name") != null ? request.get("xtx_func_name")
                : request.get("func"));
        if (transport == Transport.WEBSOCKET && quirks.contains(Quirk.OLD_SERVICE)
                && !"SOF_GetVersion".equals(function) && !request.containsKey("cookie")) {
            reply.put("error", "request without cookie");
            return write(reply);
        }
        if (transport == Transport.WEBSOCKET && quirks.contains(Quirk.URL_REQUIRED) && !request.containsKey("URL")) {
            reply.put("error", "request without URL");
            return write(reply);
        }
        Object value;
        try {
            value = component.call(function, params(request));
        } catch (IllegalArgumentException e) {
            reply.put("error", e.getMessage());
            return write(reply);
        }
        if (quirks.contains(Quirk.USER_LIST_TAIL) && "SOF_GetUserList".equals(function)) {
            value = value + USER_LIST_TAIL;
        }
        ReplyStyle style = transport == Transport.SYNCTL ? synctlStyle : webSocketStyle;
        if (style == ReplyStyle.ALTERNATING) {
            style = ReplyStyle.values()[alternation++ % 4];
        }
        if (!(quirks.contains(Quirk.NO_VALUE) && "CheckSoftDeviceEnv".equals(function))) {
            reply.put(style.field, style.strings && (value instanceof Boolean || value instanceof Number)
                    ? value.toString() : value);
        }
        if (quirks.contains(Quirk.LOGIN_ERROR)) {
            reply.put("loginError", "用户未登录");
        }
        if (quirks.contains(Quirk.COOKIE_FRAMES)) {
            Map<String, Object> cookieFrame = new LinkedHashMap<>();
            cookieFrame.put("set-cookie", cookie);
            cookieFrame.put("token", sessionToken);
            if (transport == Transport.WEBSOCKET) {
                before.add(write(cookieFrame));
            } else {
                reply.put("set-cookie", cookie);
            }
        }
        reply.put("token", sessionToken);
        return write(reply);
    }

    private void remember(Map<String, Object> request) {
        requests.addLast(request);
        while (requests.size() > REQUEST_HISTORY) {
            requests.removeFirst();
        }
    }

    /** {@code param} when it holds the arguments, else {@code param_1..n} (pages send both, or neither). */
    private static List<Object> params(Map<String, Object> request) {
        if (request.get("param") instanceof List<?> list && !list.isEmpty()) {
            return new ArrayList<>(list);
        }
        List<Object> params = new ArrayList<>();
        for (int i = 1; request.containsKey("param_" + i); i++) {
            params.add(request.get("param_" + i));
        }
        return params;
    }

    static String write(Map<String, Object> map) {
        try {
            return JSON.std.asString(map);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
