package io.keywatch.core;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing text from the {@code i18n/messages} bundles (Simplified Chinese and English).
 * Chinese locales get Chinese, everything else English; {@code ui.language} overrides.
 */
public final class Messages {
    public static final String BUNDLE = "i18n.messages";
    /**
     * One bundle file per language, without a parent: {@code messages_zh} has every key of
     * {@code messages} (MessageBundlesTest), so the English file would only sit in the idle tray's heap
     * as the Chinese one's never-used fallback. No fallback to the JVM default locale either: an English
     * setting must give English on a Chinese PC.
     */
    static final ResourceBundle.Control ONE_FILE = new ResourceBundle.Control() {
        @Override
        public List<String> getFormats(String baseName) {
            return FORMAT_PROPERTIES;
        }

        @Override
        public List<Locale> getCandidateLocales(String baseName, Locale locale) {
            return "zh".equals(locale.getLanguage()) ? List.of(Locale.CHINESE) : List.of(Locale.ROOT);
        }

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            return null;
        }
    };

    private final Locale locale;
    private final ZoneId zone;
    /**
     * Read at the first text asked for: the configuration is read with the system's language before
     * the configured one is known, and when it reads fine that language's file is never needed.
     * Idempotent (ResourceBundle caches), so a race loads it once.
     */
    private volatile ResourceBundle bundle;

    private Messages(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.zone = zone;
    }

    /** Whether a text was asked for yet (tests: the bootstrap language's file stays unread). */
    boolean loaded() {
        return bundle != null;
    }

    private ResourceBundle bundle() {
        ResourceBundle b = bundle;
        if (b == null) {
            b = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(), ONE_FILE);
            bundle = b;
        }
        return b;
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
        ResourceBundle b = bundle(); // a missing bundle file is a build error, not a missing key
        String pattern;
        try {
            pattern = b.getString(key);
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
