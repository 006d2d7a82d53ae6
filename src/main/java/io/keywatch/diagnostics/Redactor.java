package io.keywatch.diagnostics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes PIN-like values from text before it goes into a diagnostics bundle. A key whose name
 * contains {@code pin}, {@code password}, {@code passwd}, {@code pwd}, {@code 口令} or {@code 密码}
 * (any case) keeps its name and loses its value, in the forms logs, JSON, INI files, URLs, XML and
 * command lines use: {@code "pin":"1234"}, {@code PIN=123456}, {@code password: x}, {@code ?pin=1&},
 * {@code <pin>1</pin>}, {@code --password secret}, {@code "--pwd", "secret"}.
 *
 * <p>Deliberately greedy: a harmless key such as {@code mapping} loses its value too; a leaked PIN
 * costs far more than a hidden value.
 */
public final class Redactor {
    public static final String MASK = "***";

    private static final String WORD = "(?:pin|password|passwd|pwd|口令|密码)";
    private static final String KEY = "[\\p{L}\\p{N}_.\\-]*" + WORD + "[\\p{L}\\p{N}_.\\-]*";

    /** {@code "key" : value} with a quoted, bracketed or bare value. */
    private static final Pattern JSON = Pattern.compile(
            "(?iu)(\"" + KEY + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|[^,}\\]\\s]+)");
    /** {@code "--password", "secret"} inside a JSON array (a configured command line). */
    private static final Pattern JSON_FLAG = Pattern.compile(
            "(?iu)(\"(?:--?|/)" + KEY + "\"\\s*,\\s*)(\"(?:[^\"\\\\]|\\\\.)*\")");
    /** {@code --password secret} on a command line (the flag then a separate value). */
    private static final Pattern FLAG = Pattern.compile(
            "(?iu)((?<![\\p{L}\\p{N}_\"])(?:--?|/)" + KEY + "[ \\t]+)(?![-/])(\"[^\"]*\"|'[^']*'|[^\\s\"',;]+)");
    /** {@code key=value}, {@code key: value}, {@code key：value} (full-width colon). */
    private static final Pattern ASSIGN = Pattern.compile(
            "(?iu)((?<![\\p{L}\\p{N}_])" + KEY + "\\s*[=:：]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&\"'}\\]<]+)");
    /** {@code <pin>1234</pin>}. */
    private static final Pattern XML = Pattern.compile("(?iu)(<(" + KEY + ")>)([^<]*)(</\\2>)");

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = replaceValue(JSON, text, "\"" + MASK + "\"");
        out = replaceValue(JSON_FLAG, out, "\"" + MASK + "\"");
        out = replaceValue(ASSIGN, out, MASK);
        out = replaceValue(FLAG, out, MASK);
        Matcher x = XML.matcher(out);
        out = x.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(4)));
        return out;
    }

    private static String replaceValue(Pattern p, String text, String mask) {
        Matcher m = p.matcher(text);
        return m.replaceAll(r -> r.group(2).equals(mask) ? Matcher.quoteReplacement(r.group(0))
                : Matcher.quoteReplacement(r.group(1) + mask));
    }
}
