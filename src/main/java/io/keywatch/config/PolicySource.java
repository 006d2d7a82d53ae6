package io.keywatch.config;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.Messages;
import io.keywatch.platform.RegistryReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.ArrayList;

/**
 * Machine-wide policy for IT: values under {@code HKLM\Software\Policies\KeyWatch} (set by group
 * policy) override both configuration files. Each value is named like a configuration key
 * ({@code reset.policy}, {@code bjca.timeoutMs}, {@code nursingApp.command}...); its registry type is
 * mapped to the key's type here and then validated by {@link ConfigLoader} like any file value, with
 * the layer named {@value #LAYER_NAME} as its source. {@value #RESET_POLICY_LOCKED} = 1 (REG_DWORD)
 * makes a user's own {@code reset.policy} ineffective.
 */
public final class PolicySource {
    /** The key under HKEY_LOCAL_MACHINE. */
    public static final String KEY = "SOFTWARE\\Policies\\KeyWatch";
    /** How the layer is named in messages and in {@code KeyWatchConfig.sources()}. */
    public static final String LAYER_NAME = "HKLM\\Software\\Policies\\KeyWatch";
    /** REG_DWORD 1: the per-user file cannot change {@code reset.policy}. */
    public static final String RESET_POLICY_LOCKED = "reset.policyLocked";

    enum Kind { TEXT, NUMBER, BOOLEAN, LIST, JSON }

    /** The registry type each key expects; keys not listed here are unknown. */
    static final Map<String, Kind> KINDS = kinds();

    private static Map<String, Kind> kinds() {
        Map<String, Kind> k = new LinkedHashMap<>();
        for (String key : ConfigLoader.KEYS) {
            k.put(key, Kind.TEXT);
        }
        k.put("bjca.timeoutMs", Kind.NUMBER);
        k.put("keys.settleMs", Kind.NUMBER);
        k.put("log.syslog.port", Kind.NUMBER);
        k.put("bjca.allowRemote", Kind.BOOLEAN);
        k.put("nursingApp.command", Kind.LIST);
        k.put("image.profileRoots", Kind.LIST);
        k.put("image.profiles", Kind.LIST);
        k.put("bjca.assistantCommand", Kind.LIST);
        k.put("bjca.assistantWaitSeconds", Kind.NUMBER);
        k.put("keys.catalog", Kind.JSON);
        return Map.copyOf(k);
    }

    /**
     * The policy: a layer to merge last (empty when no value is set), the keys locked against the
     * user's file, and what was wrong with the values.
     */
    public record Policy(Optional<ConfigLoader.Layer> layer, Set<String> lockedKeys, List<String> problems) {
        public Policy {
            lockedKeys = Set.copyOf(lockedKeys);
            problems = List.copyOf(problems);
        }

        public static Policy none() {
            return new Policy(Optional.empty(), Set.of(), List.of());
        }
    }

    private PolicySource() {
    }

    /** This machine's policy: read from the registry on Windows, none elsewhere. */
    public static Policy forThisMachine(Messages messages) {
        return RegistryReader.forThisMachine().map(r -> read(r, messages)).orElse(Policy.none());
    }

    /** Reads {@link #KEY}; an unreadable key is a problem, not a failure. */
    public static Policy read(RegistryReader registry, Messages messages) {
        try {
            return fromValues(registry.values(KEY), registry::expand, messages);
        } catch (RegistryReader.RegistryException e) {
            return new Policy(Optional.empty(), Set.of(), List.of(messages.get("policy.unreadable", LAYER_NAME,
                    e.getMessage())));
        }
    }

    /**
     * The pure mapping from registry values to a configuration layer. REG_SZ / REG_EXPAND_SZ (text,
     * expanded), REG_DWORD / REG_QWORD (numbers; 0 and 1 for true/false), REG_MULTI_SZ (one list item
     * per line, for {@code nursingApp.command} and the image folders); {@code keys.catalog} is JSON text.
     */
    public static Policy fromValues(Map<String, Object> values, UnaryOperator<String> expand, Messages messages) {
        Map<String, Object> layer = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> locked = new java.util.HashSet<>();
        // Registry value names are case-insensitive; sort for stable messages.
        for (Map.Entry<String, Object> e : new TreeMap<>(values).entrySet()) {
            String name = e.getKey();
            Object raw = e.getValue();
            if (name.equalsIgnoreCase(RESET_POLICY_LOCKED)) {
                if (raw instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)) {
                    if (n.longValue() == 1) {
                        locked.add("reset.policy");
                    }
                } else {
                    problems.add(messages.get("policy.badValue", LAYER_NAME, name, describe(raw),
                            messages.get("policy.accepted.lock")));
                }
                continue;
            }
            Optional<String> key = KINDS.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst();
            if (key.isEmpty()) {
                problems.add(messages.get("policy.unknownValue", LAYER_NAME, name,
                        String.join(", ", KINDS.keySet()) + ", " + RESET_POLICY_LOCKED));
                continue;
            }
            Kind kind = KINDS.get(key.get());
            Optional<Object> mapped = map(kind, raw, expand);
            if (mapped.isEmpty()) {
                problems.add(messages.get("policy.badValue", LAYER_NAME, name, describe(raw),
                        messages.get("policy.accepted." + kind.name().toLowerCase(Locale.ROOT))));
                continue;
            }
            layer.put(key.get(), mapped.get());
        }
        return new Policy(layer.isEmpty() ? Optional.empty() : Optional.of(new ConfigLoader.Layer(LAYER_NAME, layer)),
                locked, problems);
    }

    private static Optional<Object> map(Kind kind, Object raw, UnaryOperator<String> expand) {
        return switch (kind) {
            case TEXT -> raw instanceof String s ? Optional.of(expand.apply(s))
                    : raw instanceof Number n ? Optional.of(String.valueOf(n.longValue())) : Optional.empty();
            case NUMBER -> {
                if (raw instanceof Integer i) {
                    yield Optional.of(Integer.toUnsignedLong(i)); // REG_DWORD is unsigned
                }
                if (raw instanceof Long l) {
                    yield Optional.of(l);
                }
                if (raw instanceof String s) {
                    try {
                        yield Optional.of(Long.parseLong(s.trim()));
                    } catch (NumberFormatException e) {
                        yield Optional.empty();
                    }
                }
                yield Optional.empty();
            }
            case BOOLEAN -> {
                if (raw instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)) {
                    yield Optional.of(n.longValue() == 1);
                }
                if (raw instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
                    yield Optional.of(Boolean.parseBoolean(s.trim()));
                }
                yield Optional.empty();
            }
            // A command line as one REG_SZ would need splitting at blanks, which breaks "C:\Program Files": refused.
            case LIST -> raw instanceof String[] items
                    ? Optional.of(Arrays.stream(items).filter(x -> !x.isEmpty()).map(expand).toList())
                    : Optional.empty();
            case JSON -> {
                if (raw instanceof String s) {
                    try {
                        yield Optional.ofNullable(JSON.std.anyFrom(s));
                    } catch (IOException e) {
                        yield Optional.empty();
                    }
                }
                yield Optional.empty();
            }
        };
    }

    private static String describe(Object raw) {
        if (raw instanceof String[] items) {
            return "REG_MULTI_SZ " + Arrays.toString(items);
        }
        if (raw instanceof Integer i) {
            return "REG_DWORD " + Integer.toUnsignedLong(i);
        }
        if (raw instanceof Long l) {
            return "REG_QWORD " + l;
        }
        if (raw instanceof String s) {
            return "REG_SZ \"" + s + "\"";
        }
        if (raw instanceof byte[] b) {
            return "REG_BINARY (" + b.length + " bytes)";
        }
        return String.valueOf(raw);
    }
}
