package io.keywatch.config;

import io.keywatch.bjca.BjcaEndpoint;
import io.keywatch.bjca.BjcaSettings;
import io.keywatch.core.Messages;
import io.keywatch.core.ResetPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JSON configuration files in order (machine-wide, then per-user or {@code --config}); later
 * files override earlier ones key by key. Keys may be nested objects ({@code {"bjca":{"url":...}}}) or
 * dotted ({@code "bjca.url"}). A bad file, an unknown key or a bad value never stops KeyWatch: it becomes
 * a problem message naming the file, the key and what is accepted, and the default stays in force.
 */
public final class ConfigLoader {

    /** One configuration layer: a file, or (for tests) a map with a name. */
    public record Layer(String name, Map<String, Object> values) { }

    /** The merged configuration plus the messages about what was wrong. */
    public record Result(KeyWatchConfig config, List<String> problems) { }

    static final List<String> KEYS = List.of("bjca.url", "bjca.synctlUrl", "bjca.bridge", "bjca.timeoutMs",
            "bjca.allowRemote", "softkeyDb.path", "nursingApp.command", "nursingApp.workingDir", "reset.policy", "dataDir", "ui.language",
            "keys.settleMs", "keys.catalog", "log.syslog.host", "log.syslog.port", "log.syslog.facility",
            "log.syslog.protocol", "image.profileRoots", "image.profiles", "image.bjcaSubPath",
            "bjca.assistantCommand", "bjca.assistantWaitSeconds", "doctor.expiryWarnDays", "doctor.validateTimeoutMs",
            "bjca.callerUrl", "bjca.origin", "bjca.trustFile");

    private final Messages messages;

    public ConfigLoader(Messages messages) {
        this.messages = messages;
    }

    /** Loads existing files in order; missing files are simply absent layers, unreadable ones are problems. */
    public Result load(List<Path> files) {
        List<String> problems = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        for (Path f : files) {
            readFile(f, problems).ifPresent(layers::add);
        }
        return merge(layers, problems);
    }

    /**
     * Loads the files in order (the last one is the user's), then the machine policy, which wins over
     * every file. A key the policy locks is taken out of the user's file with a message.
     */
    public Result load(List<Path> files, PolicySource.Policy policy) {
        List<String> problems = new ArrayList<>(policy.problems());
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Optional<Layer> read = readFile(files.get(i), problems);
            if (read.isPresent() && i == files.size() - 1 && !policy.lockedKeys().isEmpty()) {
                read = Optional.of(withoutLocked(read.get(), policy, problems));
            }
            read.ifPresent(layers::add);
        }
        policy.layer().ifPresent(layers::add);
        return merge(layers, problems);
    }

    private Layer withoutLocked(Layer user, PolicySource.Policy policy, List<String> problems) {
        Map<String, Object> kept = new LinkedHashMap<>(user.values());
        for (String key : policy.lockedKeys()) {
            if (kept.containsKey(key)) {
                problems.add(messages.get("policy.locked", user.name(), key, String.valueOf(kept.remove(key)),
                        PolicySource.LAYER_NAME + "\\" + PolicySource.RESET_POLICY_LOCKED));
            }
        }
        return new Layer(user.name(), kept);
    }

    /** Reads one file ({@link ConfigFile}: size cap, BOM, one object); a missing file is an absent layer. */
    public Optional<Layer> readFile(Path file, List<String> problems) {
        ConfigFile.Read read = new ConfigFile(messages).read(file);
        read.problem().ifPresent(problems::add);
        return read.object().map(map -> {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", map, flat);
            return new Layer(file.toString(), flat);
        });
    }

    public Result merge(List<Layer> layers, List<String> problemsSoFar) {
        List<String> problems = new ArrayList<>(problemsSoFar);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Layer layer : layers) {
            for (Map.Entry<String, Object> e : layer.values().entrySet()) {
                if (!KEYS.contains(e.getKey())) {
                    problems.add(messages.get("config.unknownKey", layer.name(), e.getKey(), String.join(", ", KEYS)));
                    continue;
                }
                values.put(e.getKey(), e.getValue());
                sources.put(e.getKey(), layer.name());
            }
        }
        return new Result(build(values, sources, problems), problems);
    }

    private KeyWatchConfig build(Map<String, Object> v, Map<String, String> sources, List<String> problems) {
        KeyWatchConfig d = KeyWatchConfig.defaults();
        Values in = new Values(v, sources, problems);

        boolean allowRemote = in.bool("bjca.allowRemote", d.bjcaAllowRemote());
        URI url = in.uri("bjca.url", d.bjcaUrl(), List.of("ws", "wss"), allowRemote);
        Optional<URI> synctl = Optional.ofNullable(in.uri("bjca.synctlUrl", null, List.of("http", "https"), allowRemote));
        String bridge = in.choice("bjca.bridge", d.bjcaBridge(), KeyWatchConfig.BRIDGES);
        Duration timeout = Duration.ofMillis(in.integer("bjca.timeoutMs", (int) d.bjcaTimeout().toMillis(), 100, 120_000));
        Optional<Path> db = Optional.ofNullable(in.path("softkeyDb.path"));
        List<String> command = in.stringList("nursingApp.command", d.nursingAppCommand());
        Optional<Path> workingDir = Optional.ofNullable(in.path("nursingApp.workingDir"));
        ResetPolicy policy = ResetPolicy.valueOf(in.choice("reset.policy", "ask", List.of("ask", "auto", "never"))
                .toUpperCase(Locale.ROOT));
        Optional<Path> dataDir = Optional.ofNullable(in.path("dataDir"));
        String language = in.choice("ui.language", d.uiLanguage(), KeyWatchConfig.LANGUAGES);
        Duration settle = Duration.ofMillis(in.integer("keys.settleMs", (int) d.keySettle().toMillis(), 50, 10_000));
        List<Map<String, Object>> extraKeys = in.objectList("keys.catalog");
        Optional<String> syslogHost = Optional.ofNullable(in.string("log.syslog.host"));
        int syslogPort = in.integer("log.syslog.port", d.syslogPort(), 1, 65_535);
        String facility = in.choice("log.syslog.facility", d.syslogFacility(), KeyWatchConfig.SYSLOG_FACILITIES);
        String protocol = in.choice("log.syslog.protocol", d.syslogProtocol(), KeyWatchConfig.SYSLOG_PROTOCOLS);
        List<Path> profileRoots = in.absolutePaths("image.profileRoots", d.imageProfileRoots());
        List<Path> profiles = in.absolutePaths("image.profiles", d.imageProfiles());
        Path bjcaSubPath = in.relativePath("image.bjcaSubPath", d.imageBjcaSubPath());
        List<String> assistant = in.stringList("bjca.assistantCommand", d.assistantCommand());
        Duration assistantWait = Duration.ofSeconds(in.integer("bjca.assistantWaitSeconds",
                (int) d.assistantWait().toSeconds(), 5, 3600));
        int expiryWarnDays = in.integer("doctor.expiryWarnDays", d.doctorExpiryWarnDays(), 0, 365);
        Duration validateTimeout = Duration.ofMillis(in.integer("doctor.validateTimeoutMs",
                (int) d.doctorValidateTimeout().toMillis(), 100, 60_000));
        String callerUrl = in.callerUrl("bjca.callerUrl", d.bjcaCallerUrl());
        Optional<String> origin = Optional.ofNullable(in.origin("bjca.origin"));
        Optional<Path> trustFile = Optional.ofNullable(in.path("bjca.trustFile"));
        return new KeyWatchConfig(url, synctl, bridge, timeout, allowRemote, db, command, policy, dataDir, language,
                settle, extraKeys, syslogHost, syslogPort, sources, profileRoots, profiles, bjcaSubPath, facility,
                assistant, assistantWait, expiryWarnDays, validateTimeout, workingDir, protocol,
                callerUrl, origin, trustFile);
    }

    /** Reads typed values; every rejection names the file, the key, the value and what is accepted. */
    private final class Values {
        private final Map<String, Object> v;
        private final Map<String, String> sources;
        private final List<String> problems;

        Values(Map<String, Object> v, Map<String, String> sources, List<String> problems) {
            this.v = v;
            this.sources = sources;
            this.problems = problems;
        }

        private void reject(String key, String accepted, Object fallback) {
            problems.add(messages.get("config.badValue", sources.get(key), key, String.valueOf(v.get(key)), accepted,
                    fallback == null ? messages.get("config.none") : String.valueOf(fallback)));
            v.remove(key);
            sources.remove(key);
        }

        boolean bool(String key, boolean def) {
            Object o = v.get(key);
            if (o == null) {
                return def;
            }
            if (o instanceof Boolean b) {
                return b;
            }
            reject(key, "true | false", def);
            return def;
        }

        int integer(String key, int def, int min, int max) {
            Object o = v.get(key);
            if (o == null) {
                return def;
            }
            if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && n.longValue() >= min && n.longValue() <= max) {
                return n.intValue();
            }
            reject(key, messages.get("config.accepted.range", min, max), def);
            return def;
        }

        String choice(String key, String def, List<String> accepted) {
            Object o = v.get(key);
            if (o == null) {
                return def;
            }
            if (o instanceof String s && accepted.contains(s.toLowerCase(Locale.ROOT))) {
                return s.toLowerCase(Locale.ROOT);
            }
            reject(key, String.join(" | ", accepted), def);
            return def;
        }

        String string(String key) {
            Object o = v.get(key);
            if (o == null) {
                return null;
            }
            if (o instanceof String s && !s.isBlank()) {
                return s.trim();
            }
            reject(key, messages.get("config.accepted.string"), null);
            return null;
        }

        Path path(String key) {
            String s = string(key);
            if (s == null) {
                return null;
            }
            try {
                return Path.of(s);
            } catch (InvalidPathException e) {
                reject(key, messages.get("config.accepted.path"), null);
                return null;
            }
        }

        List<String> stringList(String key, List<String> def) {
            Object o = v.get(key);
            if (o == null) {
                return def;
            }
            if (o instanceof List<?> list && !list.isEmpty()
                    && list.stream().allMatch(e -> e instanceof String s && !s.isBlank())) {
                return list.stream().map(String.class::cast).toList();
            }
            reject(key, messages.get("config.accepted.command"), def);
            return def;
        }

        /** An array of absolute folder paths (may be empty: no such folders). */
        List<Path> absolutePaths(String key, List<Path> def) {
            Object o = v.get(key);
            if (o == null) {
                return def;
            }
            if (o instanceof List<?> list && list.stream().allMatch(e -> e instanceof String s && !s.isBlank())) {
                try {
                    List<Path> paths = list.stream().map(e -> Path.of(((String) e).trim())).toList();
                    if (paths.stream().allMatch(Path::isAbsolute)) {
                        return paths;
                    }
                } catch (InvalidPathException e) {
                    // rejected below
                }
            }
            reject(key, messages.get("config.accepted.absoluteFolders"), def);
            return def;
        }

        /** A relative path that stays below its base folder (no {@code ..}). */
        Path relativePath(String key, Path def) {
            Object o = v.get(key);
            if (o == null) {
                return def;
            }
            if (o instanceof String s && !s.isBlank()) {
                try {
                    Path p = Path.of(s.trim());
                    if (!p.isAbsolute() && p.getRoot() == null && p.normalize().equals(p)
                            && !p.toString().isEmpty() && !p.startsWith("..")) {
                        return p;
                    }
                } catch (InvalidPathException e) {
                    // rejected below
                }
            }
            reject(key, messages.get("config.accepted.relativePath"), def);
            return def;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objectList(String key) {
            Object o = v.get(key);
            if (o == null) {
                return List.of();
            }
            if (o instanceof List<?> list && list.stream().allMatch(e -> e instanceof Map)) {
                return list.stream().map(e -> (Map<String, Object>) e).toList();
            }
            reject(key, messages.get("config.accepted.catalog"), null);
            return List.of();
        }

        /** The URL KeyWatch sends BJCA: whatever {@link BjcaSettings#requireCallerUrl} accepts. */
        String callerUrl(String key, String def) {
            String s = string(key);
            if (s == null) {
                return def;
            }
            try {
                return BjcaSettings.requireCallerUrl(s);
            } catch (IllegalArgumentException e) {
                reject(key, messages.get("config.accepted.callerUrl", def), def);
                return def;
            }
        }

        /** A handshake origin: {@code http(s)://host[:port]}, nothing after it. */
        String origin(String key) {
            String s = string(key);
            if (s == null) {
                return null;
            }
            try {
                URI u = new URI(s);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null
                        && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null
                        && u.getRawFragment() == null && u.getRawUserInfo() == null) {
                    return s;
                }
            } catch (URISyntaxException e) {
                // rejected below
            }
            reject(key, messages.get("config.accepted.origin"), messages.get("config.origin.fromCaller"));
            return null;
        }

        URI uri(String key, URI def, List<String> schemes, boolean allowRemote) {
            String s = string(key);
            if (s == null) {
                return def;
            }
            try {
                URI u = new URI(s);
                if (u.getScheme() == null || !schemes.contains(u.getScheme().toLowerCase(Locale.ROOT))
                        || u.getHost() == null) {
                    reject(key, messages.get("config.accepted.url", String.join(", ", schemes)), def);
                    return def;
                }
                if (!allowRemote && !BjcaEndpoint.isLoopback(u)) {
                    reject(key, messages.get("config.accepted.loopback"), def);
                    return def;
                }
                return u;
            } catch (URISyntaxException e) {
                reject(key, messages.get("config.accepted.url", String.join(", ", schemes)), def);
                return def;
            }
        }
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            // Known leaf keys keep their object/array values (e.g. keys.catalog); other objects nest.
            if (e.getValue() instanceof Map<?, ?> child && !KEYS.contains(key)) {
                flatten(key + ".", child, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }
}
