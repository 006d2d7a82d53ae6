package io.keywatch.config;

import io.keywatch.core.ResetPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration after the machine-wide file, the per-user file (or {@code --config})
 * and the defaults were merged. {@code sources} names where each key's value came from.
 */
public record KeyWatchConfig(
        URI bjcaUrl,
        Optional<URI> bjcaSynctlUrl,
        String bjcaBridge,
        Duration bjcaTimeout,
        boolean bjcaAllowRemote,
        Optional<Path> softkeyDbPath,
        List<String> nursingAppCommand,
        ResetPolicy resetPolicy,
        Optional<Path> dataDir,
        String uiLanguage,
        Duration keySettle,
        List<Map<String, Object>> extraKeys,
        Optional<String> syslogHost,
        int syslogPort,
        Map<String, String> sources,
        List<Path> imageProfileRoots,
        List<Path> imageProfiles,
        Path imageBjcaSubPath,
        String syslogFacility,
        List<String> assistantCommand,
        Duration assistantWait,
        int doctorExpiryWarnDays,
        Duration doctorValidateTimeout,
        Optional<Path> nursingAppWorkingDir,
        String syslogProtocol,
        String bjcaCallerUrl,
        Optional<String> bjcaOrigin,
        Optional<Path> bjcaTrustFile) {

    public static final int DEFAULT_EXPIRY_WARN_DAYS = 60;
    public static final Duration DEFAULT_VALIDATE_TIMEOUT = Duration.ofMillis(2500);

    /** The {@code URL} KeyWatch sends BJCA, like a page's {@code location.href}. */
    public static final String DEFAULT_CALLER_URL = io.keywatch.bjca.XtxProtocol.DEFAULT_CALLER_URL;
    public static final URI DEFAULT_URL = io.keywatch.bjca.BjcaEndpoint.DEFAULT_WEBSOCKET_URL;
    public static final List<String> BRIDGES = io.keywatch.bjca.XtxClients.BRIDGES;
    public static final List<String> LANGUAGES = List.of("auto", "zh", "en");
    /** Folders whose every child folder is a user profile ({@code prepare-image} outside Windows). */
    public static final List<Path> DEFAULT_PROFILE_ROOTS = List.of(Path.of("/home"));
    /** Folders that are profiles themselves: the template new users are copied from. */
    public static final List<Path> DEFAULT_PROFILES = List.of(Path.of("/etc/skel"));
    /** BJCA's folder inside a profile outside Windows (matches GenericPlatform's XDG default). */
    public static final Path DEFAULT_BJCA_SUB_PATH = Path.of(".local", "share", "BJCA");
    /** Syslog facilities Logback knows, lower case. */
    public static final List<String> SYSLOG_FACILITIES = List.of("user", "daemon", "auth", "authpriv", "syslog",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    /** How fleet events travel to syslog: datagrams, or one line per event on a TCP connection. */
    public static final List<String> SYSLOG_PROTOCOLS = List.of("udp", "tcp");

    /** How long KeyWatch waits for BJCA's assistant to rebuild the environment, by default. */
    public static final Duration DEFAULT_ASSISTANT_WAIT = Duration.ofMinutes(10);

    public KeyWatchConfig {
        nursingAppCommand = List.copyOf(nursingAppCommand);
        assistantCommand = List.copyOf(assistantCommand);
        extraKeys = List.copyOf(extraKeys);
        sources = Map.copyOf(sources);
        java.util.Objects.requireNonNull(bjcaCallerUrl);
        java.util.Objects.requireNonNull(bjcaOrigin);
        java.util.Objects.requireNonNull(bjcaTrustFile);
        imageProfileRoots = List.copyOf(imageProfileRoots);
        imageProfiles = List.copyOf(imageProfiles);
    }

    /** The configuration before the BJCA caller keys existed: the default caller URL, its origin, no trust file. */
    public KeyWatchConfig(URI bjcaUrl, Optional<URI> bjcaSynctlUrl, String bjcaBridge, Duration bjcaTimeout,
                          boolean bjcaAllowRemote, Optional<Path> softkeyDbPath, List<String> nursingAppCommand,
                          ResetPolicy resetPolicy, Optional<Path> dataDir, String uiLanguage, Duration keySettle,
                          List<Map<String, Object>> extraKeys, Optional<String> syslogHost, int syslogPort,
                          Map<String, String> sources, List<Path> imageProfileRoots, List<Path> imageProfiles,
                          Path imageBjcaSubPath, String syslogFacility, List<String> assistantCommand,
                          Duration assistantWait, int doctorExpiryWarnDays, Duration doctorValidateTimeout,
                          Optional<Path> nursingAppWorkingDir, String syslogProtocol) {
        this(bjcaUrl, bjcaSynctlUrl, bjcaBridge, bjcaTimeout, bjcaAllowRemote, softkeyDbPath, nursingAppCommand,
                resetPolicy, dataDir, uiLanguage, keySettle, extraKeys, syslogHost, syslogPort, sources,
                imageProfileRoots, imageProfiles, imageBjcaSubPath, syslogFacility, assistantCommand, assistantWait,
                doctorExpiryWarnDays, doctorValidateTimeout, nursingAppWorkingDir, syslogProtocol,
                DEFAULT_CALLER_URL, Optional.empty(), Optional.empty());
    }

    /** The configuration before {@code log.syslog.protocol} existed: UDP. */
    public KeyWatchConfig(URI bjcaUrl, Optional<URI> bjcaSynctlUrl, String bjcaBridge, Duration bjcaTimeout,
                          boolean bjcaAllowRemote, Optional<Path> softkeyDbPath, List<String> nursingAppCommand,
                          ResetPolicy resetPolicy, Optional<Path> dataDir, String uiLanguage, Duration keySettle,
                          List<Map<String, Object>> extraKeys, Optional<String> syslogHost, int syslogPort,
                          Map<String, String> sources, List<Path> imageProfileRoots, List<Path> imageProfiles,
                          Path imageBjcaSubPath, String syslogFacility, List<String> assistantCommand,
                          Duration assistantWait, int doctorExpiryWarnDays, Duration doctorValidateTimeout) {
        this(bjcaUrl, bjcaSynctlUrl, bjcaBridge, bjcaTimeout, bjcaAllowRemote, softkeyDbPath, nursingAppCommand,
                resetPolicy, dataDir, uiLanguage, keySettle, extraKeys, syslogHost, syslogPort, sources,
                imageProfileRoots, imageProfiles, imageBjcaSubPath, syslogFacility, assistantCommand, assistantWait,
                doctorExpiryWarnDays, doctorValidateTimeout, Optional.empty(), "udp");
    }

    /** The configuration before the doctor's keys existed; those take their defaults. */
    public KeyWatchConfig(URI bjcaUrl, Optional<URI> bjcaSynctlUrl, String bjcaBridge, Duration bjcaTimeout,
                          boolean bjcaAllowRemote, Optional<Path> softkeyDbPath, List<String> nursingAppCommand,
                          ResetPolicy resetPolicy, Optional<Path> dataDir, String uiLanguage, Duration keySettle,
                          List<Map<String, Object>> extraKeys, Optional<String> syslogHost, int syslogPort,
                          Map<String, String> sources, List<Path> imageProfileRoots, List<Path> imageProfiles,
                          Path imageBjcaSubPath, String syslogFacility, List<String> assistantCommand,
                          Duration assistantWait) {
        this(bjcaUrl, bjcaSynctlUrl, bjcaBridge, bjcaTimeout, bjcaAllowRemote, softkeyDbPath, nursingAppCommand,
                resetPolicy, dataDir, uiLanguage, keySettle, extraKeys, syslogHost, syslogPort, sources,
                imageProfileRoots, imageProfiles, imageBjcaSubPath, syslogFacility, assistantCommand, assistantWait,
                DEFAULT_EXPIRY_WARN_DAYS, DEFAULT_VALIDATE_TIMEOUT);
    }

    /** The configuration before the image and syslog-facility keys existed; those take their defaults. */
    public KeyWatchConfig(URI bjcaUrl, Optional<URI> bjcaSynctlUrl, String bjcaBridge, Duration bjcaTimeout,
                          boolean bjcaAllowRemote, Optional<Path> softkeyDbPath, List<String> nursingAppCommand,
                          ResetPolicy resetPolicy, Optional<Path> dataDir, String uiLanguage, Duration keySettle,
                          List<Map<String, Object>> extraKeys, Optional<String> syslogHost, int syslogPort,
                          Map<String, String> sources) {
        this(bjcaUrl, bjcaSynctlUrl, bjcaBridge, bjcaTimeout, bjcaAllowRemote, softkeyDbPath, nursingAppCommand,
                resetPolicy, dataDir, uiLanguage, keySettle, extraKeys, syslogHost, syslogPort, sources,
                DEFAULT_PROFILE_ROOTS, DEFAULT_PROFILES, DEFAULT_BJCA_SUB_PATH, "user", List.of(), DEFAULT_ASSISTANT_WAIT);
    }

    /**
     * Every configuration key with its effective value, in {@link ConfigLoader} key order, as plain
     * JSON-friendly values (text, numbers, booleans, lists); unset optional values are absent.
     */
    public Map<String, Object> values() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("bjca.url", bjcaUrl.toString());
        bjcaSynctlUrl.ifPresent(u -> m.put("bjca.synctlUrl", u.toString()));
        m.put("bjca.bridge", bjcaBridge);
        m.put("bjca.timeoutMs", bjcaTimeout.toMillis());
        m.put("bjca.allowRemote", bjcaAllowRemote);
        m.put("bjca.callerUrl", bjcaCallerUrl);
        bjcaOrigin.ifPresent(o -> m.put("bjca.origin", o));
        bjcaTrustFile.ifPresent(p -> m.put("bjca.trustFile", p.toString()));
        m.put("bjca.assistantCommand", assistantCommand);
        m.put("bjca.assistantWaitSeconds", assistantWait.toSeconds());
        softkeyDbPath.ifPresent(p -> m.put("softkeyDb.path", p.toString()));
        m.put("nursingApp.command", nursingAppCommand);
        nursingAppWorkingDir.ifPresent(p -> m.put("nursingApp.workingDir", p.toString()));
        m.put("reset.policy", resetPolicy.name().toLowerCase(java.util.Locale.ROOT));
        dataDir.ifPresent(p -> m.put("dataDir", p.toString()));
        m.put("ui.language", uiLanguage);
        m.put("keys.settleMs", keySettle.toMillis());
        m.put("keys.catalog", extraKeys);
        syslogHost.ifPresent(h -> m.put("log.syslog.host", h));
        m.put("log.syslog.port", syslogPort);
        m.put("log.syslog.facility", syslogFacility);
        m.put("log.syslog.protocol", syslogProtocol);
        m.put("image.profileRoots", imageProfileRoots.stream().map(Path::toString).toList());
        m.put("image.profiles", imageProfiles.stream().map(Path::toString).toList());
        m.put("image.bjcaSubPath", imageBjcaSubPath.toString());
        m.put("doctor.expiryWarnDays", doctorExpiryWarnDays);
        m.put("doctor.validateTimeoutMs", doctorValidateTimeout.toMillis());
        return m;
    }

    /** Where a key's value came from: a file, the policy registry key, or {@code default}. */
    public String sourceOf(String key) {
        return sources.getOrDefault(key, "default");
    }

    public static KeyWatchConfig defaults() {
        return new KeyWatchConfig(DEFAULT_URL, Optional.empty(), "auto", Duration.ofSeconds(5), false,
                Optional.empty(), List.of(), ResetPolicy.ASK, Optional.empty(), "auto", Duration.ofMillis(300),
                List.of(), Optional.empty(), 514, Map.of(), DEFAULT_PROFILE_ROOTS, DEFAULT_PROFILES,
                DEFAULT_BJCA_SUB_PATH, "user", List.of(), DEFAULT_ASSISTANT_WAIT, DEFAULT_EXPIRY_WARN_DAYS,
                DEFAULT_VALIDATE_TIMEOUT, Optional.empty(), "udp", DEFAULT_CALLER_URL, Optional.empty(), Optional.empty());
    }

    /**
     * How KeyWatch presents itself to BJCA: the configured caller URL and origin; the trust file when
     * configured, else {@code fallbackTrust} (BJCA's own {@code Program\trust.pem} when it exists).
     */
    public io.keywatch.bjca.BjcaSettings bjcaSettings(Optional<Path> fallbackTrust) {
        return new io.keywatch.bjca.BjcaSettings(bjcaCallerUrl, bjcaOrigin, Optional.empty(),
                bjcaTrustFile.or(() -> fallbackTrust));
    }
}
