package io.keywatch.bjca;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads BJCA's reply values the way BJCA's own page scripts read them ({@code reference/bjca-scripts.md}),
 * so that KeyWatch concludes what the nursing app's page concludes:
 * <ul>
 *   <li>a boolean is true only for the string {@code "true"} or JSON {@code true}; anything else,
 *       and a reply without a value, is false;</li>
 *   <li>a number is what JavaScript's {@code Number()} makes of the value; no value is -1;</li>
 *   <li>a string is the value as it came; no value is the empty string;</li>
 *   <li>the user list is cut at each {@code &&&}; text after the last one is ignored.</li>
 * </ul>
 * A value that the scripts would turn into nonsense (a number that is NaN or not whole, an object
 * where text is expected) is a PROTOCOL error naming what came and what is accepted.
 */
public final class XtxValues {
    private static final Logger LOG = LoggerFactory.getLogger(XtxValues.class);
    private static final String USER_SEPARATOR = "&&&";
    private static final String NAME_SEPARATOR = "||";
    /** JavaScript's StrWhiteSpaceChar: what {@code Number()} trims. */
    private static final String JS_SPACE = "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F"
            + "\\u3000\\uFEFF]*";
    private static final Pattern JS_TRIM = Pattern.compile("^" + JS_SPACE + "|" + JS_SPACE + "$");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INFINITY = Pattern.compile("[+-]?Infinity");

    private XtxValues() {
    }

    /** True only for {@code "true"} and JSON {@code true}, as the scripts' {@code retVal == "true"}. */
    public static boolean toBoolean(String function, Optional<Object> value) {
        if (value.isEmpty()) {
            return false;
        }
        Object v = value.get();
        if (Boolean.TRUE.equals(v) || "true".equals(v)) {
            return true;
        }
        if (!(Boolean.FALSE.equals(v) || "false".equals(v))) {
            LOG.warn("{} returned {}, which BJCA's pages read as false; accepted: true/false or \"true\"/\"false\"",
                    function, XtxProtocol.quote(String.valueOf(v)));
        }
        return false;
    }

    /**
     * What the page's {@code Number(retVal)} gives, as an int: -1 without a value.
     *
     * @throws XtxException PROTOCOL when that is NaN, infinite, not whole or outside the int range
     */
    public static int toInt(String function, Optional<Object> value) throws XtxException {
        if (value.isEmpty()) {
            return -1;
        }
        Object v = value.get();
        double d;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw wrong(function, v, "a whole number in the int range");
            }
            return (int) l;
        } else if (v instanceof BigInteger || v instanceof BigDecimal || v instanceof Double || v instanceof Float) {
            d = ((Number) v).doubleValue();
        } else if (v instanceof Boolean b) {
            d = b ? 1 : 0;
        } else if (v instanceof String s) {
            d = jsNumber(s);
        } else {
            throw wrong(function, v, "a number (JSON number or text JavaScript's Number() reads)");
        }
        if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d) || d < Integer.MIN_VALUE
                || d > Integer.MAX_VALUE) {
            throw wrong(function, v, "a whole number (JSON number or text JavaScript's Number() reads as one)");
        }
        return (int) d;
    }

    /** The value as text, as a page uses it; the empty string without a value. */
    public static String toText(String function, Optional<Object> value) throws XtxException {
        if (value.isEmpty()) {
            return "";
        }
        Object v = value.get();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e21) {
                return new BigDecimal(d).toBigInteger().toString(); // JavaScript prints 3.0 as "3"
            }
            return v.toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw wrong(function, v, "a string");
    }

    /**
     * JavaScript's {@code Number(text)}: surrounding white space ignored, empty is 0, decimal with an
     * optional sign and exponent, {@code 0x}/{@code 0o}/{@code 0b} without a sign, {@code Infinity};
     * anything else NaN.
     */
    static double jsNumber(String text) {
        String s = JS_TRIM.matcher(text).replaceAll("");
        if (s.isEmpty()) {
            return 0;
        }
        if (s.length() > 2 && s.charAt(0) == '0') {
            int radix = switch (Character.toLowerCase(s.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                case 'b' -> 2;
                default -> 0;
            };
            if (radix != 0) {
                try {
                    return new BigInteger(s.substring(2), radix).doubleValue();
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        if (INFINITY.matcher(s).matches()) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (DECIMAL.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        return Double.NaN;
    }

    /**
     * {@code SOF_GetUserList} as the scripts cut it: each {@code name||certID} ends with {@code &&&};
     * the loop stops at a {@code &&&} that starts the rest, and text after the last {@code &&&} is
     * ignored. Names and ids are trimmed; an entry without {@code ||} is skipped (logged).
     */
    public static List<KeyUser> parseUserList(String text) {
        List<KeyUser> users = new ArrayList<>();
        if (text == null) {
            return users;
        }
        String rest = text;
        int end;
        while ((end = rest.indexOf(USER_SEPARATOR)) > 0) {
            String entry = rest.substring(0, end);
            rest = rest.substring(end + USER_SEPARATOR.length());
            int split = entry.indexOf(NAME_SEPARATOR);
            if (split < 0) {
                LOG.warn("{} entry {} has no ||; skipped (accepted: name||certID)", XtxProtocol.GET_USER_LIST,
                        XtxProtocol.quote(entry));
                continue;
            }
            users.add(new KeyUser(entry.substring(0, split).strip(),
                    entry.substring(split + NAME_SEPARATOR.length()).strip()));
        }
        if (!rest.isBlank()) {
            LOG.debug("{}: text after the last &&& ignored, as BJCA's pages do: {}", XtxProtocol.GET_USER_LIST,
                    XtxProtocol.quote(rest));
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

    private static XtxException wrong(String function, Object value, String accepted) {
        String received = value instanceof String s ? XtxProtocol.quote(s)
                : XtxProtocol.quote(String.valueOf(value)) + " (" + kindOf(value) + ")";
        return new XtxException(XtxException.Kind.PROTOCOL, function + " returned " + received + "; accepted: " + accepted);
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
}
