package io.keywatch.bjca;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BJCA XTX wire format (see {@code reference/bjca-xtx.md} and {@code reference/bjca-scripts.md}):
 * request frames for the WebSocket service and the HTTP {@code synctl} endpoint as BJCA's own page
 * scripts write them, and parsing of what the service sends. Values are read by {@link XtxValues}.
 *
 * <p>One instance is one client session: it numbers calls ({@code "i_" + counter}) and keeps the
 * session token and the cookie the service hands out. Thread-safe. Everything BJCA sends is
 * untrusted: a message over {@link #MAX_MESSAGE_CHARS} characters or nested deeper than
 * {@link #MAX_DEPTH} levels, or one that is not a JSON object, is an {@link XtxException} of kind
 * {@code PROTOCOL} whose message names what was received (truncated) and what is accepted.
 */
public final class XtxProtocol {
    /** CLSID of the XTXAppCOM object; the service expects it in every request. */
    public static final String CLSID = "3F367B74-92D9-4C5E-AB93-234F8A91D5E6";
    /** {@code call_cmd_id} of the service's push when a key is inserted or removed. */
    public static final String USBKEY_CHANGE_EVENT = "onUsbkeyChange";

    public static final String CHECK_SOFT_DEVICE_ENV = "CheckSoftDeviceEnv";
    public static final String GET_VERSION = "SOF_GetVersion";
    public static final String GET_USER_LIST = "SOF_GetUserList";
    public static final String GET_DEVICE_COUNT = "GetDeviceCount";
    public static final String GET_ALL_DEVICE_SN = "GetAllDeviceSN";
    public static final String GET_DEVICE_INFO = "GetDeviceInfo";
    public static final String ENABLE_SOFT_DEVICE = "EnableSoftDevice";
    public static final String EXPORT_USER_CERT = "SOF_ExportUserCert";
    public static final String GET_CERT_INFO = "SOF_GetCertInfo";
    public static final String VALIDATE_CERT = "SOF_ValidateCert";
    public static final String GET_PIN_RETRY_COUNT = "SOF_GetPinRetryCount";
    public static final String GET_LAST_ERROR = "SOF_GetLastError";
    public static final String GET_LAST_ERR_MSG = "SOF_GetLastErrMsg";

    /** The caller URL sent when none is configured: a page's {@code location.href} on this computer. */
    public static final String DEFAULT_CALLER_URL = "http://127.0.0.1/keywatch/";
    /**
     * The largest message (WebSocket frame or {@code synctl} body) accepted, in bytes: a certificate,
     * the largest value BJCA returns here, is a few kilobytes.
     */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;
    /** The same cap for a message already decoded to characters. */
    public static final int MAX_MESSAGE_CHARS = MAX_MESSAGE_BYTES;
    /** The deepest JSON accepted (BJCA's messages are flat: depth 1). */
    public static final int MAX_DEPTH = 16;

    /** How much of an unexpected reply an error message quotes. */
    static final int QUOTE_LIMIT = 120;

    private static final JSON CAPPED_JSON = new JSON(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build());
    private static final Pattern SECRET = Pattern.compile(
            "(\"(?:token|cookie|set-cookie)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*\"", Pattern.CASE_INSENSITIVE);
    private static final String ACCEPTED = "a JSON object such as {\"call_cmd_id\":\"i_1\",\"retValue\":\"true\"}";

    /** Which request form a service expects (the 2.0+ page script adds {@code URL} from 2.16 on). */
    public enum Form {
        /** {@code call_cmd_id, CLSID, xtx_func_name, func, URL, param_1..n, param, token?, cookie?}: 2.16 and later. */
        CURRENT,
        /** {@code cookie, xtx_func_name, call_cmd_id, param_1..n, param, token?}: services before 2.16. */
        OLDER;

        /** The form for a service reporting {@code version}: OLDER before 2.16, CURRENT otherwise (also when unreadable). */
        public static Form forVersion(String version) {
            java.util.regex.Matcher m = VERSION.matcher(version == null ? "" : version);
            if (!m.lookingAt()) {
                return CURRENT;
            }
            try {
                int major = Integer.parseInt(m.group(1));
                int minor = Integer.parseInt(m.group(2));
                return major < 2 || (major == 2 && minor < 16) ? OLDER : CURRENT;
            } catch (NumberFormatException e) {
                return CURRENT;
            }
        }

        private static final Pattern VERSION = Pattern.compile("\\s*v?(\\d{1,6})\\.(\\d{1,6})");
    }

    private final String callerUrl;
    private final AtomicLong counter = new AtomicLong();
    private volatile String token;
    private volatile String cookie;

    /** @param callerUrl sent as {@code URL}/{@code url}: the page that calls, a well-formed URL */
    public XtxProtocol(String callerUrl) {
        this.callerUrl = callerUrl;
    }

    /** A fresh correlation id, {@code "i_" + counter}. */
    public String nextCallId() {
        return "i_" + counter.incrementAndGet();
    }

    /** The session token from the last message that carried one. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** The cookie the service set ({@code name=value} of its last {@code set-cookie}). */
    public Optional<String> cookie() {
        return Optional.ofNullable(cookie);
    }

    /** {@link #webSocketRequest(String, String, List, Form)} in the current form. */
    public String webSocketRequest(String callId, String function, List<?> params) {
        return webSocketRequest(callId, function, params, Form.CURRENT);
    }

    /**
     * One WebSocket text frame as BJCA's page scripts write it. Parameters must be strings, numbers
     * or booleans. {@code param} is always there ({@code []} without arguments), as in the scripts.
     */
    public String webSocketRequest(String callId, String function, List<?> params, Form form) {
        List<Object> checked = checkedParams(params);
        Map<String, Object> frame = new LinkedHashMap<>();
        String c = cookie;
        if (form == Form.OLDER) {
            frame.put("cookie", c == null ? "" : c); // the 2.0+ script always sends document.cookie
            frame.put("xtx_func_name", function);
            frame.put("call_cmd_id", callId);
        } else {
            frame.put("call_cmd_id", callId);
            frame.put("CLSID", CLSID);
            frame.put("xtx_func_name", function);
            frame.put("func", function);
            frame.put("URL", callerUrl);
            if (c != null) {
                frame.put("cookie", c);
            }
        }
        for (int i = 0; i < checked.size(); i++) {
            frame.put("param_" + (i + 1), checked.get(i));
        }
        frame.put("param", checked);
        String t = token;
        if (t != null) {
            frame.put("token", t);
        }
        return write(frame);
    }

    /** The JSON body for {@code POST /synctl}: {@code {url, clsid, func, param?, token?}}; no {@code param} without arguments. */
    public String synctlRequest(String function, List<?> params) {
        List<Object> checked = checkedParams(params);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", callerUrl);
        body.put("clsid", CLSID);
        body.put("func", function);
        if (!checked.isEmpty()) {
            body.put("param", checked);
        }
        String t = token;
        if (t != null) {
            body.put("token", t);
        }
        return write(body);
    }

    /** Parses a message and keeps the session token and cookie it carries, if any (with or without call_cmd_id). */
    public Message read(String text) throws XtxException {
        Message message = parse(text);
        message.token().ifPresent(t -> token = t);
        message.setCookie().ifPresent(this::cookieSet);
        return message;
    }

    /** A {@code Set-Cookie} value (header or field): its {@code name=value} part is what goes back. */
    void cookieSet(String setCookie) {
        String nameValue = setCookie.split(";", 2)[0].strip();
        if (!nameValue.isEmpty()) {
            cookie = nameValue;
        }
    }

    /**
     * Parses one message from the service (reply or event) without touching session state.
     *
     * @throws XtxException PROTOCOL when the text is over the caps, not a JSON object, or a known field has the wrong type
     */
    public static Message parse(String text) throws XtxException {
        if (text == null || text.isBlank()) {
            throw protocol("an empty message", ACCEPTED);
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw new OverCap("BJCA sent a message of " + text.length()
                    + " characters; accepted: at most " + MAX_MESSAGE_CHARS, "the service sent a message of "
                    + text.length() + " characters, over " + MAX_MESSAGE_CHARS, null);
        }
        Object root;
        try {
            root = CAPPED_JSON.anyFrom(text);
        } catch (StreamConstraintsException e) {
            throw new OverCap("BJCA sent JSON nested too deep: " + quote(text)
                    + "; accepted: at most " + MAX_DEPTH + " levels (BJCA's messages are flat)",
                    "the service sent JSON nested deeper than " + MAX_DEPTH + " levels", e);
        } catch (IOException | RuntimeException e) {
            throw new XtxException(XtxException.Kind.PROTOCOL, "BJCA sent something that is not JSON: " + quote(text)
                    + "; accepted: " + ACCEPTED, e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw protocol(quote(text), ACCEPTED);
        }
        Optional<String> callId = optionalText(map, "call_cmd_id", text);
        Optional<String> token = optionalText(map, "token", text).filter(t -> !t.isEmpty());
        Optional<String> setCookie = Optional.empty();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if ("set-cookie".equalsIgnoreCase(String.valueOf(e.getKey())) && e.getValue() instanceof String c
                    && !c.isBlank()) {
                setCookie = Optional.of(c);
            }
        }
        // As the scripts: retValue when the reply has that field (even null), else retVal; null is no value.
        Optional<Object> value = Optional.ofNullable(map.containsKey("retValue") ? map.get("retValue") : map.get("retVal"));
        Optional<String> error = Optional.empty();
        for (String key : List.of("error", "errorMsg", "loginError")) {
            Object e = map.get(key);
            if (e != null && !(e instanceof Map) && !(e instanceof List) && !String.valueOf(e).isBlank()) {
                error = Optional.of(key + ": " + e);
                break;
            }
        }
        boolean event = callId.map(id -> id.equalsIgnoreCase(USBKEY_CHANGE_EVENT)).orElse(false);
        return new Message(callId, event, value, token, setCookie, error, text);
    }

    /** {@link XtxValues#parseUserList}. */
    public static List<KeyUser> parseUserList(String text) {
        return XtxValues.parseUserList(text);
    }

    /** {@link XtxValues#parseDeviceSerials}. */
    public static List<String> parseDeviceSerials(String text) {
        return XtxValues.parseDeviceSerials(text);
    }

    /** A received text shortened for an error message, quoted, with session secrets masked (messages get logged). */
    static String quote(String text) {
        String oneLine = SECRET.matcher(text).replaceAll("$1***\"").replaceAll("[\\r\\n\\t]+", " ");
        if (oneLine.length() > QUOTE_LIMIT) {
            return "'" + oneLine.substring(0, QUOTE_LIMIT) + "…' (" + text.length() + " characters)";
        }
        return "'" + oneLine + "'";
    }

    private static List<Object> checkedParams(List<?> params) {
        List<Object> copy = new ArrayList<>(params.size());
        for (Object p : params) {
            if (!(p instanceof String || p instanceof Number || p instanceof Boolean)) {
                throw new IllegalArgumentException("BJCA parameters must be strings, numbers or booleans, not " + p);
            }
            copy.add(p);
        }
        return copy;
    }

    private static String write(Map<String, Object> map) {
        try {
            return JSON.std.asString(map);
        } catch (IOException e) {
            // Only strings, numbers and booleans go in: writing cannot fail.
            throw new IllegalStateException("cannot write a BJCA request", e);
        }
    }

    private static Optional<String> optionalText(Map<?, ?> map, String key, String text) throws XtxException {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof Number) {
            return Optional.of(v.toString());
        }
        throw protocol(quote(text) + " with a " + key + " that is not a string", "\"" + key + "\" as a JSON string");
    }

    private static XtxException protocol(String received, String accepted) {
        return new XtxException(XtxException.Kind.PROTOCOL, "BJCA sent " + received + "; accepted: " + accepted);
    }

    /** A message over the caps (size or nesting): PROTOCOL, and on a WebSocket the connection ends. */
    public static final class OverCap extends XtxException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        OverCap(String message, String reason, Throwable cause) {
            super(XtxException.Kind.PROTOCOL, message, cause);
            this.reason = reason;
        }

        /** Why the connection ends, short (without the text): what connection listeners hear. */
        public String reason() {
            return reason;
        }
    }

    /**
     * One parsed message from the service.
     *
     * @param callId    the {@code call_cmd_id}, when present
     * @param event     true for an {@code onUsbkeyChange} push
     * @param value     {@code retValue} when the message has that field, else {@code retVal}; empty when null or absent
     * @param token     a session token the service handed out
     * @param setCookie a {@code set-cookie} the service sent
     * @param error     an error field the service set ({@code error}, {@code errorMsg}, {@code loginError})
     * @param raw       the text as received
     */
    public record Message(Optional<String> callId, boolean event, Optional<Object> value, Optional<String> token,
                          Optional<String> setCookie, Optional<String> error, String raw) {

        /**
         * The value of {@code function}'s reply as BJCA's pages take it: an error field next to it is
         * logged and the value used; no value at all is empty (the typed readers give the scripts' defaults).
         */
        public Optional<Object> valueFor(String function) {
            error.ifPresent(e -> LOG.warn("BJCA reported \"{}\" in its reply to {}; {}", e, function, value.isPresent()
                    ? "the value is used, as BJCA's pages use it" : "the reply carries no value"));
            return value;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(XtxProtocol.class);
}
