package io.keywatch.bjca.com;

import com.sun.jna.IntegerType;
import com.sun.jna.platform.win32.OaIdl;
import com.sun.jna.platform.win32.Variant;
import com.sun.jna.platform.win32.WTypes;
import com.sun.jna.platform.win32.WinDef;
import io.keywatch.core.XtxException;
import java.util.Locale;

/**
 * Turns what an IDispatch call returned into the Java value the {@code XtxClient} port promises.
 *
 * <p>BJCA's component is loose about types across versions: a boolean may come back as VT_BOOL,
 * as the BSTR "true"/"false", or as a number; a count as VT_I4 or as a numeric string. Everything
 * here accepts all of those and rejects anything else with a {@link XtxException.Kind#PROTOCOL}
 * error naming the function and the value. Pure Java over JNA value types: no COM call is made,
 * so it is unit-tested on any OS.
 */
public final class ComValues {

    private ComValues() {
    }

    /**
     * Unwraps a VARIANT (or one of the JNA wrapper types it hands out) into {@code null},
     * {@link Boolean}, {@link Number} or {@link String}; other values are returned unchanged.
     */
    public static Object unwrap(Object value) {
        Object v = value;
        if (v instanceof Variant.VARIANT variant) {
            int vt = variant.getVarType().intValue();
            if (vt == Variant.VT_EMPTY || vt == Variant.VT_NULL) {
                return null;
            }
            v = variant.getValue();
        }
        if (v instanceof OaIdl.VARIANT_BOOL b) {
            return b.booleanValue();
        }
        if (v instanceof WinDef.BOOL b) {
            return b.booleanValue();
        }
        if (v instanceof WTypes.BSTR s) {
            return s.getValue();
        }
        if (v instanceof IntegerType n) {
            return n.longValue();
        }
        return v;
    }

    /** A {@code bool} result: VT_BOOL, "true"/"false" (any case, trimmed), "1"/"0", or a number (0 is false). */
    public static boolean toBoolean(String function, Object raw) throws XtxException {
        Object v = unwrap(raw);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof CharSequence cs) {
            String s = cs.toString().trim().toLowerCase(Locale.ROOT);
            switch (s) {
                case "true", "1", "-1" -> {
                    return true;
                }
                case "false", "0" -> {
                    return false;
                }
                default -> {
                    // fall through to the error below
                }
            }
        }
        throw bad(function, raw, v, "a boolean (VT_BOOL, \"true\"/\"false\", 1/0)");
    }

    /** A number result: any integral VARIANT type, a whole double, or a decimal string. */
    public static int toInt(String function, Object raw) throws XtxException {
        Object v = unwrap(raw);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        } else if (v instanceof CharSequence cs) {
            try {
                return Integer.parseInt(cs.toString().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw bad(function, raw, v, "a whole number (VT_I4/VT_I2/VT_UI4 or a decimal string)");
    }

    /** A string result: BSTR as is, VT_EMPTY/VT_NULL as "", numbers and booleans in their plain text form. */
    public static String toText(String function, Object raw) throws XtxException {
        Object v = unwrap(raw);
        if (v == null) {
            return "";
        }
        if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw bad(function, raw, v, "a string (BSTR)");
    }

    private static XtxException bad(String function, Object raw, Object unwrapped, String accepted) {
        String type = raw instanceof Variant.VARIANT variant
                ? "VARIANT type " + variant.getVarType().intValue()
                : unwrapped == null ? "nothing" : unwrapped.getClass().getSimpleName();
        String shown = unwrapped == null ? "" : " '" + abbreviate(String.valueOf(unwrapped)) + "'";
        return new XtxException(XtxException.Kind.PROTOCOL,
                function + " returned " + type + shown + " over COM; expected " + accepted);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
