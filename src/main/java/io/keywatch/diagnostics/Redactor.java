package io.keywatch.diagnostics;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it goes into a diagnostics bundle; every part passes here. Masked:
 * <ul>
 *   <li>values of keys naming a PIN, password, token, cookie or session ({@code pin}, {@code password},
 *       {@code passwd}, {@code pwd}, {@code 口令}, {@code 密码}, {@code token}, {@code cookie},
 *       {@code JSESSIONID}, {@code sessionId}, {@code secret}...) in the forms logs, JSON (also JSON inside a
 *       JSON string), INI files, URLs and XML use: {@code "pin":"1234"}, {@code PIN=1}, {@code PIN: 1},
 *       {@code ?token=x&}, {@code <pin>1</pin>};</li>
 *   <li>the word followed by its value: {@code PIN 555555}, {@code password is x}, {@code 用户密码是x},
 *       {@code 口令为x} (common words after it, as in "PIN retry count", are kept);</li>
 *   <li>every argument of a BJCA function that takes a PIN ({@code SOF_Login}, {@code SOF_ChangePassWd},
 *       {@code VerifyPIN}, {@code UnlockUserPass}...): {@code F(a, b)}, {@code F old 1 new 2} (the rest of
 *       the line), and {@code param}/{@code param_N} of a JSON request naming such a function;</li>
 *   <li>{@code Authorization:}, {@code Cookie:} and {@code Set-Cookie:} header values, {@code Bearer} tokens;</li>
 *   <li>values of command-line options that look like secrets: {@code --token X}, {@code --token=X},
 *       {@code -p X}, {@code /p:X}, {@code -pwd X}, also as JSON array items or a Java list.</li>
 * </ul>
 * Deliberately greedy: a harmless key such as {@code mapping} loses its value too; a leaked PIN costs far
 * more than a hidden value. Redacting twice changes nothing.
 */
public final class Redactor {
    public static final String MASK = "***";

    /** Words naming a secret inside a key or option name. */
    private static final String WORD = "(?:pin|password|passwd|passwort|passphrase|pwd|pass|secret|token|cookie"
            + "|session|sessid|credential|auth|apikey|口令|密码)";
    private static final String IDENT_CHAR = "[\\p{L}\\p{N}_.\\-]";
    /** Bounded, so a long run of letters (a hex dump) costs linear time, not quadratic. */
    private static final String KEY = IDENT_CHAR + "{0,40}" + WORD + IDENT_CHAR + "{0,40}";
    /** A JSON string, plain ({@code "x"}) or escaped inside another string ({@code \"x\"}). */
    private static final String JSTRING = "(?:\"(?:[^\"\\\\]|\\\\.)*\"|\\\\+\"(?:(?!\\\\+\").)*\\\\+\")";
    private static final String Q = "\\\\*\"";
    /** A string quoted inside a JSON string: {@code \"x y\"}. */
    private static final String ESCAPED = "\\\\+\"(?:(?!\\\\+\").)*\\\\+\"|";

    /** BJCA functions that take a PIN (by name or name part). */
    static final String PIN_FUNCTION = "(?:[A-Za-z]{1,12}_(?:[A-Z][a-z0-9]*){0,4}|(?:Verify|Change|Unlock|Set|Reset|Modify|Input)"
            + "(?:User|So|Key)?)(?:Login|PassWd|Passwd|Password|Pin|PIN|Pwd|Pass)[A-Za-z0-9_]{0,30}";

    private static final Pattern JSON = Pattern.compile(
            "(?iu)(" + Q + KEY + Q + "\\s*:\\s*)(" + JSTRING + "|\\[[^\\]]*\\]|\\{[^}]*\\}|[^,}\\]\\s]+)");
    /** {@code "--password", "secret"} in a JSON array, {@code --password, secret} in a Java list. */
    private static final Pattern LIST_FLAG = Pattern.compile(
            "(?iu)((?:" + Q + "|(?<=[\\[,]\\s?))(?:--?|/)(?:" + KEY + "|p)" + Q + "?\\s*,\\s*)(?![-/])(" + JSTRING
                    + "|[^,\\]\\s\"]+)");
    /** {@code --password secret}, {@code -p secret} on a command line. */
    private static final Pattern FLAG = Pattern.compile(
            "(?iu)((?<![\\p{L}\\p{N}_\"\\\\])(?:--?|/)(?:" + KEY + "|p)(?:[ \\t]|\\\\[tnr])+)(?![-/])(" + ESCAPED + "\"[^\"]*\"|'[^']*'|[^\\s\"',;\\]]+)");
    /** {@code key=value}, {@code key: value}, {@code key：value}, {@code /p:value}, {@code -pwd=value}. */
    private static final Pattern ASSIGN = Pattern.compile(
            "(?iu)((?<![\\p{L}\\p{N}_])(?:(?:--?|/)p|" + KEY + ")(?:\\s|\\\\[tnr])*[=:：](?:\\s|\\\\[tnr])*)(" + ESCAPED + "\"[^\"]*\"|'[^']*'|[^\\s,;&\"'}\\]<\\\\]+)");
    /** {@code <pin>1234</pin>}. */
    private static final Pattern XML = Pattern.compile("(?iu)(<(" + KEY + ")>)([^<]*)(</\\2>)");
    /** {@code PIN 555555}, {@code password is x}, {@code 用户密码是x}, {@code 口令为 x}. */
    private static final Pattern WORD_VALUE = Pattern.compile(
            "(?iu)((?<![\\p{L}\\p{N}_])" + IDENT_CHAR.replace("]", "&&[^\\p{IsHan}]]") + "{0,40}(?:pin|password|passwd|pwd"
                    + "|passphrase)(?:\\s*码)?(?:[ \\t]|\\\\[tnr])+(?:(?:is|was|are)(?:[ \\t]|\\\\[tnr])+)?)(?![码=:：])(" + ESCAPED + "\"[^\"]*\"|'[^']*'|[^\\s,;，。；、)）\\]}\"']+)");
    private static final Pattern HAN_VALUE = Pattern.compile(
            "(?u)((?:口令|密码)(?:(?:[ \\t]|\\\\[tnr])*(?:是|为|[:：=])(?:[ \\t]|\\\\[tnr])*|(?:[ \\t]|\\\\[tnr])+))(" + ESCAPED + "\"[^\"]*\"|'[^']*'|“[^”]*”|[^\\s,;，。；、)）\\]}\"'“”]+)");
    /** {@code SOF_Login(a, b)}; a line cut inside the parentheses loses the rest of the line. */
    private static final Pattern CALL = Pattern.compile("(?u)(\\b" + PIN_FUNCTION + "\\s*\\()([^)\\n]*)");
    /** {@code SOF_ChangePassWd old 111 new 222}: the rest of the line after the name. */
    private static final Pattern CALL_TAIL = Pattern.compile(
            "(?u)(\\b" + PIN_FUNCTION + "(?:(?:[ \\t]|\\\\[tnr])*[:=](?:[ \\t]|\\\\[tnr])*|(?:[ \\t]|\\\\[tnr])+))(?![(\"'\\[{])([^\\n]+)");
    /** A flat JSON object (a BJCA request in a log line): masked parameters when it names a PIN function. */
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern NAMES_PIN_FUNCTION = Pattern.compile("\\b(?:" + PIN_FUNCTION + ")\\b");
    private static final Pattern PARAM = Pattern.compile(
            "(?i)((?<![\\p{L}\\p{N}_])(?:" + Q + ")?(?:param|params|param_\\d+|arg|args|arg_\\d+|argument\\w*)(?:" + Q
                    + ")?\\s*[:=]\\s*)(" + JSTRING
                    + "|\\[[^\\]]*\\]|[^,}\\]\\s]+)");
    private static final Pattern HEADER = Pattern.compile(
            "(?iu)((?<![\\p{L}\\p{N}_-])(?:proxy-)?(?:authorization|set-cookie|cookie)\\s*[:=]\\s*)(?!\"\\*\\*\\*\")([^\\n\"]+)");
    private static final Pattern BEARER = Pattern.compile("(?iu)(\\bbearer(?:[ \\t]|\\\\[tnr])+)([A-Za-z0-9\\-._~+/=]{4,})");
    /** Keys and functions about counts (tries left) hold no secret. */
    private static final Pattern HARMLESS_KEY = Pattern.compile("(?i)retry|tries|(?<!ac)count");

    /** Words that follow "PIN" or "password" in ordinary sentences: kept. */
    private static final Set<String> COMMON = Set.of("and", "or", "is", "was", "are", "were", "be", "been", "for",
            "of", "the", "a", "an", "to", "in", "on", "at", "by", "with", "not", "no", "value", "values", "dialog",
            "prompt", "retry", "retries", "count", "counter", "tries", "try", "expired", "wrong", "incorrect",
            "invalid", "locked", "required", "changed", "change", "mismatch", "error", "failed", "ok", "entry",
            "input", "box", "window", "policy", "length", "check", "verification", "never", "must", "may");

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = OBJECT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                NAMES_PIN_FUNCTION.matcher(m.group()).find() ? maskLikeKey(PARAM, m.group()) : m.group()));
        out = mask(CALL, out, MASK);
        out = mask(CALL_TAIL, out, MASK);
        out = mask(HEADER, out, MASK);
        out = mask(BEARER, out, MASK);
        out = mask(JSON, out, "\"" + MASK + "\"");
        out = maskLikeKey(LIST_FLAG, out);
        out = mask(ASSIGN, out, MASK);
        out = mask(FLAG, out, MASK);
        out = mask(HAN_VALUE, out, MASK);
        out = WORD_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                COMMON.contains(m.group(2).toLowerCase(Locale.ROOT)) || isMask(m.group(2)) ? m.group()
                        : m.group(1) + MASK));
        Matcher x = XML.matcher(out);
        return x.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(4)));
    }

    private static final Pattern SECRET_FLAG = Pattern.compile("(?iu)(?:--?|/)(?:" + KEY + "|p)");

    /**
     * A command line item by item ({@code nursingApp.command}): the item after an option that names a
     * secret ({@code --token}, {@code -p}, {@code /pwd}...) is masked, and every item is redacted as text.
     */
    public static List<String> redactCommand(List<String> args) {
        List<String> out = new java.util.ArrayList<>(args.size());
        boolean valueNext = false;
        for (String a : args) {
            if (valueNext && !a.startsWith("-") && !a.startsWith("/")) {
                out.add(MASK);
                valueNext = false;
                continue;
            }
            valueNext = SECRET_FLAG.matcher(a).matches();
            out.add(redact(a));
        }
        return out;
    }

    private static boolean isMask(String value) {
        String v = value.replace("\\", "").replace("\"", "").replace("'", "");
        return v.equals(MASK);
    }

    private static String mask(Pattern p, String text, String mask) {
        return p.matcher(text).replaceAll(r -> isMask(r.group(2)) || HARMLESS_KEY.matcher(r.group(1)).find()
                ? Matcher.quoteReplacement(r.group(0))
                : Matcher.quoteReplacement(r.group(1) + (r.group(2).startsWith("\\") ? "\\\"" + MASK + "\\\"" : mask)));
    }

    /** As {@link #mask}, quoting the mask where the key was quoted (JSON) and not where it was not (a Java map). */
    private static String maskLikeKey(Pattern p, String text) {
        return p.matcher(text).replaceAll(r -> isMask(r.group(2)) || HARMLESS_KEY.matcher(r.group(1)).find()
                ? Matcher.quoteReplacement(r.group(0))
                : Matcher.quoteReplacement(r.group(1) + (r.group(2).startsWith("\\") ? "\\\"" + MASK + "\\\""
                        : r.group(1).contains("\"") ? "\"" + MASK + "\"" : MASK)));
    }
}
