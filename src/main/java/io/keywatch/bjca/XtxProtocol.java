package io.keywatch.bjca;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The BJCA XTX wire format (see {@code reference/bjca-xtx.md}): request frames for the WebSocket
 * service and the HTTP {@code synctl} endpoint, and tolerant but strict parsing of replies.
 *
 * <p>One instance is one client session: it numbers calls ({@code "i_" + counter}) and remembers
 * the session token the service hands out. Thread-safe. Everything BJCA sends is untrusted: anything
 * that is not understood becomes an {@link XtxException} of kind {@code PROTOCOL} whose message names
 * what was received (truncated) and what is accepted.
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

    /** How much of an unexpected reply an error message quotes. */
    static final int QUOTE_LIMIT = 120;

    private static final Pattern SECRET =
            Pattern.compile("(\"(?:token|cookie|set-cookie)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*\"", Pattern.CASE_INSENSITIVE);
    private static final String USER_SEPARATOR = "&&&";
    private static final String NAME_SEPARATOR = "||";

    private final String callerUrl;
    private final AtomicLong counter = new AtomicLong();
    private volatile String token;

    /** @param callerUrl sent as {@code URL}/{@code url}: the service logs which page or program is calling */
    public XtxProtocol(String callerUrl) {
        this.callerUrl = callerUrl;
    }

    /** A fresh correlation id, {@code "i_" + counter}. */
    public String nextCallId() {
        return "i_" + counter.incrementAndGet();
    }

    /** The session token from the last reply that carried one. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /**
     * One WebSocket text frame: {@code call_cmd_id, xtx_func_name, func, CLSID, URL, param, param_1..n, token?}.
     * Parameters must be strings, numbers or booleans.
     */
    public String webSocketRequest(String callId, String function, List<?> params) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("call_cmd_id", callId);
        frame.put("xtx_func_name", function);
        frame.put("func", function);
        frame.put("CLSID", CLSID);
        frame.put("URL", callerUrl);
        frame.put("param", checkedParams(params));
        for (int i = 0; i < params.size(); i++) {
            frame.put("param_" + (i + 1), params.get(i));
        }
        String t = token;
        if (t != null) {
            frame.put("token", t);
        }
        return write(frame);
    }

    /** The JSON body for {@code POST /synctl}: {@code {url, clsid, func, param:[...], token?}}. */
    public String synctlRequest(String function, List<?> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", callerUrl);
        body.put("clsid", CLSID);
        body.put("func", function);
        body.put("param", checkedParams(params));
        String t = token;
        if (t != null) {
            body.put("token", t);
        }
        return write(body);
    }

    /** Parses a message and remembers the session token it carries, if any. */
    public Message read(String text) throws XtxException {
        Message message = parse(text);
        message.token().ifPresent(t -> token = t);
        return message;
    }

    /**
     * Parses one message from the service (reply or event) without touching session state.
     *
     * @throws XtxException PROTOCOL when the text is not a JSON object or a known field has the wrong type
     */
    public static Message parse(String text) throws XtxException {
        if (text == null || text.isBlank()) {
            throw protocol("an empty message", "a JSON object such as {\"call_cmd_id\":\"i_1\",\"retValue\":\"true\"}");
        }
        Object root;
        try {
            root = JSON.std.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new XtxException(XtxException.Kind.PROTOCOL, "BJCA sent something that is not JSON: " + quote(text)
                    + "; accepted: a JSON object such as {\"call_cmd_id\":\"i_1\",\"retValue\":\"true\"}", e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw protocol(quote(text), "a JSON object such as {\"call_cmd_id\":\"i_1\",\"retValue\":\"true\"}");
        }
        Optional<String> callId = optionalText(map, "call_cmd_id", text);
        Optional<String> token = optionalText(map, "token", text).filter(t -> !t.isEmpty());
        Optional<Object> value;
        if (map.containsKey("retValue")) {
            value = Optional.ofNullable(map.get("retValue"));
        } else {
            value = Optional.ofNullable(map.get("retVal"));
        }
        Optional<String> error = Optional.empty();
        for (String key : List.of("error", "errorMsg", "loginError")) {
            Object e = map.get(key);
            if (e != null && !(e instanceof Map) && !(e instanceof List) && !String.valueOf(e).isBlank()) {
                error = Optional.of(key + ": " + e);
                break;
            }
        }
        boolean event = callId.map(id -> id.equalsIgnoreCase(USBKEY_CHANGE_EVENT)).orElse(false);
        return new Message(callId, event, value, token, error, text);
    }

    /** Booleans arrive as JSON booleans or as the strings "true"/"false" (any case). */
    public static boolean toBoolean(String function, Object value) throws XtxException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw wrongValue(function, value, "a boolean: true/false or the strings \"true\"/\"false\"");
    }

    /** Numbers arrive as JSON integers or as decimal strings. */
    public static int toInt(String function, Object value) throws XtxException {
        try {
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return Math.toIntExact(((Number) value).longValue());
            }
            if (value instanceof BigInteger b) {
                return b.intValueExact();
            }
            if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
                return new BigDecimal(value.toString()).intValueExact();
            }
            if (value instanceof String s) {
                return Integer.parseInt(s.trim());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the explanation below
        }
        throw wrongValue(function, value, "a whole number (JSON number or decimal string)");
    }

    /** Strings arrive as JSON strings; a bare number or boolean is taken as its text. */
    public static String toText(String function, Object value) throws XtxException {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw wrongValue(function, value, "a string");
    }

    /**
     * {@code SOF_GetUserList}: {@code name||certID&&&name||certID&&&}. Blank entries are skipped,
     * a missing or partial trailing separator is tolerated, names and ids are trimmed.
     *
     * @throws XtxException PROTOCOL for an entry without {@code ||} or with an empty name or id
     */
    public static List<KeyUser> parseUserList(String text) throws XtxException {
        List<KeyUser> users = new ArrayList<>();
        if (text == null) {
            return users;
        }
        for (String raw : text.split(USER_SEPARATOR, -1)) {
            // A truncated trailing separator ("&" or "&&") is tolerated.
            String entry = stripTrailing(raw.strip(), '&').strip();
            if (entry.isEmpty()) {
                continue;
            }
            int split = entry.indexOf(NAME_SEPARATOR);
            String name = split < 0 ? "" : entry.substring(0, split).strip();
            String certId = split < 0 ? "" : entry.substring(split + NAME_SEPARATOR.length()).strip();
            if (split < 0 || name.isEmpty() || certId.isEmpty()) {
                throw new XtxException(XtxException.Kind.PROTOCOL, GET_USER_LIST + " returned an entry BJCA does not use: "
                        + quote(entry) + " in " + quote(text) + "; accepted: name||certID entries separated by &&&");
            }
            users.add(new KeyUser(name, certId));
        }
        return users;
    }

    /** {@code GetAllDeviceSN}: serials each terminated by {@code ;}; blanks skipped, last {@code ;} optional. */
    public static List<String> parseDeviceSerials(String text) {
        List<String> serials = new ArrayList<>();
        if (text == null) {
            return serials;
        }
        for (String part : text.split(";", -1)) {
            String serial = part.strip();
            if (!serial.isEmpty()) {
                serials.add(serial);
            }
        }
        return serials;
    }

    /** A received text shortened for an error message, quoted, with session secrets masked (messages get logged). */
    static String quote(String text) {
        String oneLine = SECRET.matcher(text).replaceAll("$1***\"").replaceAll("[\\r\\n\\t]+", " ");
        if (oneLine.length() > QUOTE_LIMIT) {
            return "'" + oneLine.substring(0, QUOTE_LIMIT) + "…' (" + text.length() + " characters)";
        }
        return "'" + oneLine + "'";
    }

    private static String stripTrailing(String s, char c) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == c) {
            end--;
        }
        return s.substring(0, end);
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

    private static XtxException wrongValue(String function, Object value, String accepted) {
        String received = value == null ? "null" : value instanceof String s ? quote(s)
                : quote(String.valueOf(value)) + " (" + kindOf(value) + ")";
        return new XtxException(XtxException.Kind.PROTOCOL,
                function + " returned " + received + "; accepted: " + accepted);
    }

    private static String kindOf(Object value) {
        if (value instanceof Map) {
            return "a JSON object";
        }
        if (value instanceof List) {
            return "a JSON array";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static XtxException protocol(String received, String accepted) {
        return new XtxException(XtxException.Kind.PROTOCOL, "BJCA sent " + received + "; accepted: " + accepted);
    }

    /**
     * One parsed message from the service.
     *
     * @param callId the {@code call_cmd_id}, when present
     * @param event  true for an {@code onUsbkeyChange} push
     * @param value  {@code retValue} or else {@code retVal}, when present and not null
     * @param token  a session token the service handed out
     * @param error  an error field the service set ({@code error}, {@code errorMsg}, {@code loginError})
     * @param raw    the text as received
     */
    public record Message(Optional<String> callId, boolean event, Optional<Object> value, Optional<String> token,
                          Optional<String> error, String raw) {

        /** The return value of {@code function}, or PROTOCOL when the reply has none or reports an error. */
        public Object valueFor(String function) throws XtxException {
            if (error.isPresent()) {
                throw new XtxException(XtxException.Kind.PROTOCOL, function + " failed in the BJCA service ("
                        + error.get() + "); reply " + quote(raw));
            }
            return value.orElseThrow(() -> new XtxException(XtxException.Kind.PROTOCOL, "BJCA's reply to " + function
                    + " has no value: " + quote(raw) + "; accepted: a reply with \"retValue\" or \"retVal\""));
        }
    }
}
