package io.keywatch.core;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing text from the {@code i18n/messages} bundles (Simplified Chinese and English).
 * Chinese locales get Chinese, everything else English; {@code ui.language} overrides.
 */
public final class Messages {
    public static final String BUNDLE = "i18n.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Locale locale;
    private final ResourceBundle bundle;
    private final ZoneId zone;

    private Messages(Locale locale, ZoneId zone) {
        this.locale = locale;
        // No fallback to the JVM default locale: an English setting must give English on a Chinese PC.
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(), NO_FALLBACK);
        this.zone = zone;
    }

    /** @param language {@code auto}, {@code zh} or {@code en} */
    public static Messages forLanguage(String language) {
        return new Messages(resolve(language, Locale.getDefault()), ZoneId.systemDefault());
    }

    public static Messages of(Locale locale, ZoneId zone) {
        return new Messages(resolve("auto", locale), zone);
    }

    /** {@code zh} for any Chinese locale (Simplified text is what nursing PCs read), else {@code en}. */
    static Locale resolve(String language, Locale systemLocale) {
        String lang = language == null || language.equals("auto") ? systemLocale.getLanguage() : language;
        return "zh".equals(lang) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    public Locale locale() {
        return locale;
    }

    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        // Always through MessageFormat, so quoting ('' and '{...}') means the same with or without arguments.
        return new MessageFormat(pattern, locale).format(args);
    }

    public String date(Instant instant) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(instant.atZone(zone));
    }

    public String dateTime(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(instant.atZone(zone));
    }

    /** The diagnosis in one plain sentence. */
    public String explain(Diagnosis d) {
        String file = d.facts().path().getFileName() == null ? d.facts().path().toString()
                : d.facts().path().getFileName().toString();
        return switch (d.verdict()) {
            case MISSING -> get("diagnosis.missing", file);
            case PRESENT -> d.facts().created().map(c -> get("diagnosis.present", file, date(c)))
                    .orElse(get("diagnosis.present.nodate", file));
            case UNREADABLE -> get("diagnosis.unreadable", file, d.problem().orElse("?"));
            case CARRIED_OVER -> get(d.comparedWith().orElseThrow() == Diagnosis.Reference.OS_INSTALLED
                            ? "diagnosis.carriedOver.os" : "diagnosis.carriedOver.profile",
                    file, date(d.facts().created().orElseThrow()), date(d.referenceTime().orElseThrow()));
        };
    }

    /** Why a reset or restore was refused, in words, with the technical detail after it. */
    public String refusal(SoftkeyException.Reason reason, String detail) {
        return get("softkey.error." + reason.name(), detail == null ? "" : detail);
    }

    /** One line for a check result, as {@code keywatch check} prints it. */
    public String summary(CheckResult r) {
        String user = r.userName().orElse(get("user.unknown"));
        return switch (r.status()) {
            case OK -> get("check.ok", user);
            case FAILED -> get("check.failed", explain(r.diagnosis()));
            case UNAVAILABLE -> get("check.unavailable", r.reason().orElse("?"));
            case TIMEOUT -> get("check.timeout", r.reason().orElse("?"));
        };
    }
}
