package io.keywatch.usb;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Which USB devices are BJCA keys. The defaults come from {@code usb/key-catalog.json} (built from
 * {@code reference/usb-keys.md}); hospitals add their own ids with {@link #withExtra}. Devices not in
 * the catalog are ignored by the USB sources (the BJCA event counts regardless).
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyCatalog {

    /** The classpath resource holding the default catalog. */
    public static final String RESOURCE = "/usb/key-catalog.json";

    /** What a vendor or product id in configuration must look like. */
    static final String ACCEPTED_ID = "4 hex digits such as 096E (an optional 0x prefix is allowed)";

    private static final Pattern HEX4 = Pattern.compile("(?i)(0x)?[0-9a-f]{4}");

    /**
     * One matching rule.
     *
     * @param vendorId       the USB vendor id, empty for a rule matching by product string only
     * @param productId      the product id, empty to match every product of the vendor
     * @param productStrings case-insensitive fragments of the USB product string (for keys without a known id)
     * @param label          vendor label for logs and diagnostics
     */
    public record Rule(OptionalInt vendorId, OptionalInt productId, List<String> productStrings, String label) {
        public Rule {
            Objects.requireNonNull(vendorId, "vendorId");
            Objects.requireNonNull(productId, "productId");
            productStrings = List.copyOf(productStrings);
            Objects.requireNonNull(label, "label");
            if (vendorId.isEmpty() && productStrings.isEmpty()) {
                throw new IllegalArgumentException("a rule needs a vendor id or a product string");
            }
            if (vendorId.isEmpty() && productId.isPresent()) {
                throw new IllegalArgumentException("a product id needs a vendor id");
            }
        }

        boolean matchesId(int vid, int pid) {
            return vendorId.isPresent() && vendorId.getAsInt() == vid
                    && (productId.isEmpty() || productId.getAsInt() == pid);
        }

        boolean matchesProduct(String product) {
            String p = product.toLowerCase(Locale.ROOT);
            return productStrings.stream().anyMatch(s -> p.contains(s.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * A hospital's addition as written in configuration, validated by {@link #withExtra}.
     *
     * @param vendorId  4 hex digits, e.g. {@code 096E}
     * @param productId 4 hex digits, or null / blank for every product of the vendor
     * @param label     free text for logs; blank gets a generated label
     */
    public record Entry(String vendorId, String productId, String label) {
    }

    private final List<Rule> rules;

    private KeyCatalog(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * The built-in catalog, read once. Should the resource be missing or broken (a packaging defect),
     * this logs an error and is empty: USB sources then ignore every device, BJCA's push still works.
     */
    public static KeyCatalog defaults() {
        return Defaults.CATALOG;
    }

    private static final class Defaults {
        static final KeyCatalog CATALOG = load(RESOURCE);
    }

    static KeyCatalog load(String resource) {
        try (InputStream in = KeyCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource not found");
            }
            return fromJson(in, resource);
        } catch (IOException | IllegalArgumentException e) {
            LoggerFactory.getLogger(KeyCatalog.class).error("built-in key catalog {} unusable, USB keys will only be "
                    + "noticed through BJCA: {}", resource, e.getMessage());
            return new KeyCatalog(List.of());
        }
    }

    /** A catalog from explicit rules (tests, diagnostics). */
    public static KeyCatalog of(List<Rule> rules) {
        return new KeyCatalog(rules);
    }

    /**
     * Parses a catalog in the resource's format:
     * {@code {"keys":[{"vendor":"..","vid":"096E","pids":["0303"]}, {"vendor":"..","productStrings":[".."]}]}}.
     *
     * @throws IllegalArgumentException naming the source, the entry and what is accepted
     */
    static KeyCatalog fromJson(InputStream in, String sourceName) throws IOException {
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(sourceName + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !(root.get("keys") instanceof List<?> keys)) {
            throw new IllegalArgumentException(sourceName + ": expected an object with a \"keys\" array");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String where = sourceName + ": keys[" + i + "]";
            if (!(keys.get(i) instanceof Map<?, ?> key)) {
                throw new IllegalArgumentException(where + ": expected an object");
            }
            String label = key.get("vendor") instanceof String s ? s : "";
            List<String> productStrings = strings(key.get("productStrings"), where + ".productStrings");
            Object vid = key.get("vid");
            if (vid == null) {
                rules.add(new Rule(OptionalInt.empty(), OptionalInt.empty(), productStrings,
                        label.isBlank() ? "product " + productStrings : label));
                continue;
            }
            int vendor = parseHex4(String.valueOf(vid))
                    .orElseThrow(() -> new IllegalArgumentException(
                            where + ": vid \"" + vid + "\" is not " + ACCEPTED_ID));
            List<String> pids = strings(key.get("pids"), where + ".pids");
            if (pids.isEmpty()) {
                rules.add(new Rule(OptionalInt.of(vendor), OptionalInt.empty(), productStrings, label));
            }
            for (String pid : pids) {
                int product = parseHex4(pid).orElseThrow(() -> new IllegalArgumentException(
                        where + ": pid \"" + pid + "\" is not " + ACCEPTED_ID));
                rules.add(new Rule(OptionalInt.of(vendor), OptionalInt.of(product), productStrings, label));
            }
        }
        return new KeyCatalog(rules);
    }

    private static List<String> strings(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(where + ": expected an array of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    /**
     * This catalog plus the hospital's entries, all or nothing.
     *
     * @throws IllegalArgumentException listing every bad entry, what was wrong and what is accepted
     */
    public KeyCatalog withExtra(List<Entry> extra) {
        List<String> problems = new ArrayList<>();
        KeyCatalog result = withExtra(extra, problems::add);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return result;
    }

    /**
     * This catalog plus the hospital's valid entries; each bad entry is skipped and described to
     * {@code problems} (which entry, what was wrong, what is accepted) so the app keeps running.
     */
    public KeyCatalog withExtra(List<Entry> extra, Consumer<String> problems) {
        return withExtra(extra, Messages.forLanguage("en"), problems);
    }

    /** As {@link #withExtra(List, Consumer)}, the problems in the user's language. */
    public KeyCatalog withExtra(List<Entry> extra, Messages messages, Consumer<String> problems) {
        List<Rule> all = new ArrayList<>(rules);
        for (int i = 0; i < extra.size(); i++) {
            add(i + 1, extra.get(i), all, messages, problems);
        }
        return new KeyCatalog(all);
    }

    /** Validates entry number {@code n} (1-based, as people count) and adds its rule. */
    private static void add(int n, Entry e, List<Rule> all, Messages messages, Consumer<String> problems) {
        String number = Integer.toString(n);
        String where = e != null && e.label() != null && !e.label().isBlank()
                ? messages.get("usb.catalog.entryLabeled", number, e.label().strip())
                : messages.get("usb.catalog.entry", number);
        if (e == null) {
            problems.accept(messages.get("usb.catalog.empty", where));
            return;
        }
        if (e.vendorId() == null || e.vendorId().isBlank()) {
            problems.accept(messages.get("usb.catalog.vidMissing", where));
            return;
        }
        OptionalInt vid = parseHex4(e.vendorId());
        if (vid.isEmpty()) {
            problems.accept(messages.get("usb.catalog.vidBad", where, e.vendorId()));
            return;
        }
        OptionalInt pid = OptionalInt.empty();
        if (e.productId() != null && !e.productId().isBlank()) {
            pid = parseHex4(e.productId());
            if (pid.isEmpty()) {
                problems.accept(messages.get("usb.catalog.pidBad", where, e.productId()));
                return;
            }
        }
        String label = e.label() == null || e.label().isBlank()
                ? "configured " + UsbId.hex4(vid.getAsInt()) : e.label().strip();
        all.add(new Rule(vid, pid, List.of(), label));
    }

    /** The fields a configured entry may have ({@code keys.catalog} in the configuration). */
    public static final List<String> CONFIG_FIELDS = List.of("vid", "pid", "label");

    /**
     * This catalog plus the entries of the configuration's {@code keys.catalog} array, objects like
     * {@code {"vid": "096E", "pid": "0303", "label": "Feitian ePass3000GM"}}. Bad entries are skipped and
     * described to {@code problems} in English (which entry, what was wrong, what is accepted).
     */
    public KeyCatalog withConfigured(List<? extends Map<String, ?>> entries, Consumer<String> problems) {
        return withConfigured(entries, Messages.forLanguage("en"), problems);
    }

    /** As {@link #withConfigured(List, Consumer)}, the problems in the user's language. */
    public KeyCatalog withConfigured(List<? extends Map<String, ?>> entries, Messages messages,
                                     Consumer<String> problems) {
        List<Rule> all = new ArrayList<>(rules);
        for (int i = 0; i < entries.size(); i++) {
            Map<String, ?> m = entries.get(i);
            if (m != null) {
                List<String> unknown = m.keySet().stream().filter(k -> !CONFIG_FIELDS.contains(k)).sorted().toList();
                if (!unknown.isEmpty()) {
                    problems.accept(messages.get("usb.catalog.unknownFields",
                            messages.get("usb.catalog.entry", Integer.toString(i + 1)), String.join(", ", unknown)));
                }
            }
            add(i + 1, m == null ? null : new Entry(text(m.get("vid")), text(m.get("pid")), text(m.get("label"))),
                    all, messages, problems);
        }
        return new KeyCatalog(all);
    }

    /** Strings as written; a number (an id written without quotes) keeps its digits so the message shows it. */
    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** {@code 096E}, {@code 096e}, {@code 0x096E} (surrounding blanks ignored); anything else is empty. */
    static OptionalInt parseHex4(String text) {
        String t = text.strip();
        if (!HEX4.matcher(t).matches()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(t.substring(t.length() - 4), 16));
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The label of the first rule matching the ids or the product string (null/blank when unknown). */
    public Optional<String> match(int vendorId, int productId, String productString) {
        for (Rule r : rules) {
            if (r.matchesId(vendorId, productId)) {
                return Optional.of(r.label());
            }
        }
        if (productString != null && !productString.isBlank()) {
            for (Rule r : rules) {
                if (r.matchesProduct(productString)) {
                    return Optional.of(r.label());
                }
            }
        }
        return Optional.empty();
    }

    public boolean matches(int vendorId, int productId, String productString) {
        return match(vendorId, productId, productString).isPresent();
    }

    /** True when some rule can only be decided by the product string (worth reading it from the device). */
    public boolean hasProductStringRules() {
        return rules.stream().anyMatch(r -> !r.productStrings().isEmpty());
    }

    @Override
    public String toString() {
        return "KeyCatalog[" + rules.size() + " rules]";
    }
}
