package io.keywatch.diagnostics;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.config.KeyWatchConfig;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.KeyUser;
import io.keywatch.core.Messages;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyStore;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import io.keywatch.platform.HostIdentity;
import io.keywatch.platform.RegistryReader;
import io.keywatch.usb.UsbDevices;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One zip an engineer can read instead of weeks of log hunting: {@value #SUMMARY} first (a short
 * summary in Chinese and English), then KeyWatch and its configuration (with the source of every
 * value), the BJCA environment, the softkey db, the quarantine journal, the tails of KeyWatch's and
 * BJCA's logs, the BJCA install path, the USB devices attached, and {@value #PARTS} saying which
 * part could be read.
 *
 * <p>Every text part passes the {@link Redactor}; every part is capped, and so is the whole. A part
 * that cannot be read is noted in {@value #PARTS} and the summary; it never stops the bundle. Only
 * the {@link XtxClient} port's functions are called, none of which can ask for a PIN, each bounded
 * by the client's timeout; after a timeout or an unreachable service the remaining calls are skipped.
 *
 * <p>Configure with the fluent setters, then {@link #write}. Not thread-safe; one instance per bundle.
 */
public final class Diagnostics {
    private static final Logger LOG = LoggerFactory.getLogger(Diagnostics.class);

    public static final String SUMMARY = "00-summary.txt";
    public static final String PARTS = "parts.txt";
    public static final String KEYWATCH = "keywatch.json";
    public static final String BJCA = "bjca.json";
    public static final String SOFTKEY_DB = "softkey-db.json";
    public static final String JOURNAL = "quarantine-journal.jsonl";
    public static final String KEYWATCH_LOG = "keywatch-log.txt";
    public static final String BJCA_INSTALL = "bjca-install.json";
    public static final String USB = "usb-devices.json";
    public static final String BJCA_LOG_PREFIX = "bjca-logs/";

    public static final int DEFAULT_PART_CAP = 1024 * 1024;
    public static final int DEFAULT_TOTAL_CAP = 8 * 1024 * 1024;
    public static final int DEFAULT_LOG_TAIL = 256 * 1024;
    /** {@code GetDeviceInfo} types: 1 label, 3 serial, 4 algorithm, 7 HARD/SOFT, 8 driver DLL. */
    static final int[] DEVICE_INFO_TYPES = {1, 3, 4, 7, 8};
    static final String BJCA_REGISTRY_KEY = "SOFTWARE\\WOW6432Node\\BJCA";
    static final String BJCA_PRODUCT_KEY = BJCA_REGISTRY_KEY
            + "\\Update\\Clients\\{BF720538-7840-4325-93CD-CF72FBF3232F}";

    /** How a part fared. */
    public enum State {
        /** Read in full. */
        OK,
        /** Read, but cut to the size cap (logs keep their end, other parts their beginning). */
        TRUNCATED,
        /** Nothing there to read (no such file, not on this OS). */
        ABSENT,
        /** There, but reading it failed; the note says why. */
        FAILED,
        /** Left out: the bundle's total size cap was reached. */
        OMITTED
    }

    /** One line of {@value #PARTS}. */
    public record PartStatus(String name, State state, long bytes, String note) {
        public boolean inZip() {
            return state == State.OK || state == State.TRUNCATED;
        }
    }

    /** What was written. */
    public record Result(Path zip, List<PartStatus> parts) { }

    /** A BJCA log: a file, or a folder whose newest files are taken. */
    public record LogSource(String name, Path path) { }

    /** A part's text, or why there is none. */
    private record Content(String text, State state, String note) {
        static Content of(String text) {
            return new Content(text, State.OK, "");
        }

        static Content absent(String note) {
            return new Content(null, State.ABSENT, note);
        }

        static Content failed(String note) {
            return new Content(null, State.FAILED, note);
        }
    }

    @FunctionalInterface
    private interface Source {
        Content read() throws Exception;
    }

    private final Clock clock;
    private String version = "dev";
    private KeyWatchConfig config = KeyWatchConfig.defaults();
    private List<String> configProblems = List.of();
    private Supplier<XtxClient> client;
    private SoftkeyStore store;
    private Path dataDir;
    private Path journalFile;
    private Path logDir;
    private Optional<RegistryReader> registry = Optional.empty();
    private List<LogSource> bjcaLogs = List.of();
    private Callable<List<UsbDevices.Seen>> usbDevices;
    private String platformName = "generic";
    private ZoneId zone = ZoneId.systemDefault();
    private int partCap = DEFAULT_PART_CAP;
    private int totalCap = DEFAULT_TOTAL_CAP;
    private int logTail = DEFAULT_LOG_TAIL;
    private final Map<String, Callable<String>> extraParts = new LinkedHashMap<>();

    public Diagnostics(Clock clock) {
        this.clock = clock;
    }

    public Diagnostics version(String v) {
        this.version = v;
        return this;
    }

    /** The effective configuration and the problems met loading it. */
    public Diagnostics config(KeyWatchConfig c, List<String> problems) {
        this.config = c;
        this.configProblems = List.copyOf(problems);
        return this;
    }

    /** Asked once, lazily; the bundle does not close it (it belongs to the caller). */
    public Diagnostics client(Supplier<XtxClient> c) {
        this.client = c;
        return this;
    }

    public Diagnostics store(SoftkeyStore s) {
        this.store = s;
        return this;
    }

    /** KeyWatch's data folder; the journal is read from {@code quarantine/journal.jsonl} inside. */
    public Diagnostics dataDir(Path d) {
        this.dataDir = d;
        this.journalFile = d.resolve("quarantine").resolve("journal.jsonl");
        return this;
    }

    public Diagnostics logDir(Path d) {
        this.logDir = d;
        return this;
    }

    /** Windows: where BJCA's install path is read from. */
    public Diagnostics registry(Optional<RegistryReader> r) {
        this.registry = r;
        return this;
    }

    public Diagnostics bjcaLogs(List<LogSource> logs) {
        this.bjcaLogs = List.copyOf(logs);
        return this;
    }

    public Diagnostics usbDevices(Callable<List<UsbDevices.Seen>> lister) {
        this.usbDevices = lister;
        return this;
    }

    /** One more part, by name, e.g. {@code doctor.json} (the doctor's report); its failure is noted like any part's. */
    public Diagnostics extraPart(String name, Callable<String> text) {
        extraParts.put(name, text);
        return this;
    }

    public Diagnostics platformName(String name) {
        this.platformName = name;
        return this;
    }

    public Diagnostics zone(ZoneId z) {
        this.zone = z;
        return this;
    }

    /** Size caps in bytes: each part, all parts together, and each log's tail. */
    public Diagnostics caps(int perPart, int total, int logTailBytes) {
        if (perPart <= 0 || total <= 0 || logTailBytes <= 0) {
            throw new IllegalArgumentException("caps must be positive");
        }
        this.partCap = perPart;
        this.totalCap = total;
        this.logTail = logTailBytes;
        return this;
    }

    /**
     * The BJCA logs public material names: on Windows {@code C:\BJCAROOT\BJCAlog\xtx\},
     * {@code ...\XTXCoreSvr\axhost.log} and the user's {@code LocalLow\BJCA\log}; elsewhere only the
     * BJCA folder's {@code log} (BJCA itself does not run there).
     */
    public static List<LogSource> defaultBjcaLogs(String platformName, Path bjcaFolder) {
        List<LogSource> logs = new ArrayList<>();
        if ("windows".equals(platformName)) {
            Path root = Path.of("C:\\BJCAROOT\\BJCAlog");
            logs.add(new LogSource("xtx", root.resolve("xtx")));
            logs.add(new LogSource("axhost", root.resolve("XTXCoreSvr").resolve("axhost.log")));
        }
        logs.add(new LogSource("user-log", bjcaFolder.resolve("log")));
        return logs;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes the bundle to {@code zip} (through a temporary file, so a failure leaves no half zip).
     *
     * @throws IOException only when the zip itself cannot be written
     */
    public Result write(Path zip) throws IOException {
        Instant at = clock.instant();
        Map<String, Content> contents = new LinkedHashMap<>();
        BjcaFacts bjca = new BjcaFacts();
        Diagnosis[] diagnosis = new Diagnosis[1];
        int[] journalEntries = {-1};

        contents.put(KEYWATCH, read(KEYWATCH, () -> Content.of(json(keywatch(at)))));
        contents.put(BJCA, read(BJCA, () -> bjca.collect(client)));
        contents.put(SOFTKEY_DB, read(SOFTKEY_DB, () -> softkeyDb(diagnosis, journalEntries)));
        contents.put(JOURNAL, read(JOURNAL, this::journal));
        contents.put(KEYWATCH_LOG, read(KEYWATCH_LOG, this::keywatchLog));
        contents.put(BJCA_INSTALL, read(BJCA_INSTALL, this::bjcaInstall));
        for (LogSource s : bjcaLogs) {
            contents.put(BJCA_LOG_PREFIX + s.name() + ".txt", read(s.name(), () -> logs(s.path())));
        }
        contents.put(USB, read(USB, this::usb));
        extraParts.forEach((name, text) -> contents.put(name, read(name, () -> Content.of(text.call()))));

        List<PartStatus> statuses = new ArrayList<>();
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Content> e : contents.entrySet()) {
            Content c = e.getValue();
            if (c.text() == null) {
                statuses.add(new PartStatus(e.getKey(), c.state(), 0, c.note()));
                continue;
            }
            boolean tail = e.getKey().endsWith(".txt") || e.getKey().endsWith(".jsonl");
            String redacted = Redactor.redact(c.text());
            long room = Math.min(partCap, totalCap - total);
            if (room <= 0) {
                statuses.add(new PartStatus(e.getKey(), State.OMITTED, 0, "the bundle's size cap of " + totalCap
                        + " bytes was reached"));
                continue;
            }
            byte[] b = redacted.getBytes(StandardCharsets.UTF_8);
            State state = c.state();
            String note = c.note();
            if (b.length > room) {
                b = tail ? Text.tail(redacted, (int) room) : Text.head(redacted, (int) room);
                state = State.TRUNCATED;
                note = (note.isEmpty() ? "" : note + "; ") + "cut to " + b.length + " bytes"
                        + (tail ? " (the end kept)" : " (the beginning kept)");
            }
            // A cut forced by the total cap spends it: later parts are left out, not cut to slivers.
            total = b.length < redacted.getBytes(StandardCharsets.UTF_8).length && room < partCap ? totalCap
                    : total + b.length;
            bytes.put(e.getKey(), b);
            statuses.add(new PartStatus(e.getKey(), state, b.length, note));
        }

        String summary = Redactor.redact(summary(at, bjca, diagnosis[0], journalEntries[0], statuses));
        Path dir = zip.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".keywatch-diagnostics-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING);
                 ZipOutputStream z = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
                put(z, SUMMARY, summary.getBytes(StandardCharsets.UTF_8), at);
                for (Map.Entry<String, byte[]> e : bytes.entrySet()) {
                    put(z, e.getKey(), e.getValue(), at);
                }
                put(z, PARTS, partsText(statuses).getBytes(StandardCharsets.UTF_8), at);
            }
            Files.move(temp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("Diagnostics bundle written to {} ({} parts, {} not readable)", zip, statuses.size(),
                statuses.stream().filter(s -> s.state() == State.FAILED).count());
        return new Result(zip, statuses);
    }

    private static void put(ZipOutputStream z, String name, byte[] data, Instant at) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(at.toEpochMilli());
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    private Content read(String what, Source source) {
        try {
            return source.read();
        } catch (NoSuchFileException e) {
            return Content.absent("not found: " + e.getFile());
        } catch (AccessDeniedException e) {
            return Content.failed("permission denied: " + e.getFile());
        } catch (Exception | LinkageError e) {
            LOG.debug("diagnostics part {} failed", what, e);
            return Content.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String partsText(List<PartStatus> statuses) {
        StringBuilder b = new StringBuilder("# part\tstate\tbytes\tnote\n");
        b.append(SUMMARY).append("\tOK\t-\tsummary (Chinese and English)\n");
        for (PartStatus s : statuses) {
            b.append(s.name()).append('\t').append(s.state()).append('\t').append(s.bytes()).append('\t')
                    .append(s.note().replace('\n', ' ')).append('\n');
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ parts

    private Map<String, Object> keywatch(Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", at.toString());
        m.put("version", version);
        m.put("machine", HostIdentity.machine());
        m.put("user", HostIdentity.user());
        m.put("platform", platformName);
        if (dataDir != null) {
            m.put("dataDir", dataDir.toString());
        }
        if (logDir != null) {
            m.put("logDir", logDir.toString());
        }
        Map<String, Object> cfg = new LinkedHashMap<>();
        config.values().forEach((key, value) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", value);
            v.put("source", config.sourceOf(key));
            cfg.put(key, v);
        });
        m.put("config", cfg);
        m.put("configProblems", configProblems);
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        m.put("os", os);
        m.put("locale", Locale.getDefault().toLanguageTag());
        m.put("timeZone", zone.getId());
        m.put("charset", Charset.defaultCharset().name());
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name"));
        java.put("home", System.getProperty("java.home"));
        m.put("java", java);
        return m;
    }

    /** Every BJCA answer, or the error instead; what the summary needs is kept in fields. */
    private final class BjcaFacts {
        String bridge = "?";
        Optional<CheckStatus> status = Optional.empty();
        Optional<String> reason = Optional.empty();
        Optional<String> version = Optional.empty();
        List<KeyUser> users = List.of();
        private String stoppedBecause;

        Content collect(Supplier<XtxClient> supplier) {
            if (supplier == null) {
                return Content.absent("no BJCA client configured");
            }
            XtxClient c;
            try {
                c = supplier.get();
            } catch (RuntimeException | LinkageError e) {
                reason = Optional.of(String.valueOf(e.getMessage()));
                status = Optional.of(CheckStatus.UNAVAILABLE);
                return Content.failed("no bridge to BJCA could be opened: " + e.getMessage());
            }
            bridge = c.bridge();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bridge", bridge);
            m.put("timeoutMs", config.bjcaTimeout().toMillis());
            m.put("url", config.bjcaUrl().toString());
            Map<String, Object> calls = new LinkedHashMap<>();
            // The question that matters first: a slow service then costs one timeout, on this call.
            Optional<Object> env = call(calls, "CheckSoftDeviceEnv", c::checkSoftDeviceEnv);
            env.ifPresent(v -> status = Optional.of(Boolean.TRUE.equals(v) ? CheckStatus.OK : CheckStatus.FAILED));
            version = call(calls, "SOF_GetVersion", c::version).map(String::valueOf);
            call(calls, "SOF_GetUserList", c::userList).ifPresent(u -> {
                @SuppressWarnings("unchecked")
                List<KeyUser> list = (List<KeyUser>) u;
                users = list;
            });
            call(calls, "GetDeviceCount", c::deviceCount);
            Optional<Object> serials = call(calls, "GetAllDeviceSN", c::deviceSerials);
            m.put("calls", calls);
            m.put("users", users.stream().map(u -> Map.of("name", u.name(), "certId", u.certId())).toList());
            List<Map<String, Object>> devices = new ArrayList<>();
            if (serials.isPresent()) {
                for (Object sn : (List<?>) serials.get()) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("serial", sn);
                    Map<String, Object> info = new LinkedHashMap<>();
                    for (int type : DEVICE_INFO_TYPES) {
                        info.put("GetDeviceInfo(" + type + ")", outcome(() -> c.deviceInfo(String.valueOf(sn), type)));
                    }
                    d.put("info", info);
                    devices.add(d);
                }
            }
            m.put("devices", devices);
            if (stoppedBecause != null) {
                m.put("skippedAfter", stoppedBecause);
            }
            return Content.of(json(m));
        }

        private Optional<Object> call(Map<String, Object> calls, String name, Call call) {
            Map<String, Object> o = outcome(call);
            Map<String, Object> shown = new LinkedHashMap<>(o);
            if (o.get("value") instanceof List<?> l && l.stream().allMatch(KeyUser.class::isInstance)) {
                shown.put("value", l.stream().map(u -> Map.of("name", ((KeyUser) u).name(),
                        "certId", ((KeyUser) u).certId())).toList());
            }
            calls.put(name, shown);
            if (!Boolean.TRUE.equals(o.get("ok"))) {
                if (name.equals("CheckSoftDeviceEnv")) {
                    status = Optional.of("TIMEOUT".equals(o.get("kind")) ? CheckStatus.TIMEOUT : CheckStatus.UNAVAILABLE);
                    reason = Optional.ofNullable((String) o.get("error"));
                }
                return Optional.empty();
            }
            return Optional.ofNullable(o.get("value"));
        }

        /** One bounded call; after a timeout or an unreachable service the rest are not attempted. */
        private Map<String, Object> outcome(Call call) {
            Map<String, Object> o = new LinkedHashMap<>();
            if (stoppedBecause != null) {
                o.put("ok", false);
                o.put("error", "skipped: " + stoppedBecause);
                return o;
            }
            try {
                Object v = call.call();
                o.put("ok", true);
                o.put("value", v);
            } catch (XtxException e) {
                o.put("ok", false);
                o.put("kind", e.kind().name());
                o.put("error", String.valueOf(e.getMessage()));
                if (e.kind() != XtxException.Kind.PROTOCOL) {
                    stoppedBecause = e.kind() + " (" + e.getMessage() + ")";
                }
            } catch (RuntimeException e) {
                o.put("ok", false);
                o.put("error", e.toString());
            }
            return o;
        }
    }

    @FunctionalInterface
    private interface Call {
        Object call() throws XtxException;
    }

    private Content softkeyDb(Diagnosis[] out, int[] journalEntries) throws SoftkeyException {
        if (store == null) {
            return Content.absent("no softkey db configured");
        }
        Diagnosis d = store.diagnose();
        out[0] = d;
        Map<String, Object> m = new LinkedHashMap<>();
        DbFacts f = d.facts();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("path", f.path().toString());
        facts.put("exists", f.exists());
        if (f.exists()) {
            facts.put("size", f.size());
        }
        f.created().ifPresent(t -> facts.put("created", t.toString()));
        f.modified().ifPresent(t -> facts.put("modified", t.toString()));
        m.put("facts", facts);
        Map<String, Object> diag = new LinkedHashMap<>();
        diag.put("verdict", d.verdict().name());
        diag.put("explanation_en", Messages.of(Locale.ENGLISH, zone).explain(d));
        diag.put("explanation_zh", Messages.of(Locale.SIMPLIFIED_CHINESE, zone).explain(d));
        d.osInstalled().ifPresent(t -> diag.put("osInstalled", t.toString()));
        d.profileCreated().ifPresent(t -> diag.put("profileCreated", t.toString()));
        d.comparedWith().ifPresent(r -> diag.put("comparedWith", r.name()));
        d.problem().ifPresent(p -> diag.put("problem", p));
        m.put("diagnosis", diag);
        try {
            List<JournalEntry> journal = store.journal();
            journalEntries[0] = journal.size();
            m.put("quarantinedNow", journal.stream().filter(JournalEntry::restorable).map(JournalEntry::id).toList());
        } catch (SoftkeyException e) {
            m.put("journalError", e.getMessage());
        }
        return Content.of(json(m));
    }

    private Content journal() throws IOException {
        if (journalFile == null) {
            return Content.absent("no data folder given");
        }
        return Content.of(Text.tailOf(journalFile, partCap));
    }

    private Content keywatchLog() throws IOException {
        if (logDir == null) {
            return Content.absent("no log folder given");
        }
        return logs(logDir);
    }

    /** A file's tail, or the newest files of a folder (and its sub-folders) up to the tail budget, oldest first. */
    private Content logs(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile()) {
            return Content.of(header(path, a) + Text.tailOf(path, logTail));
        }
        if (!a.isDirectory()) {
            return Content.failed(path + " is neither a file nor a folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(path, 2)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparing(Diagnostics::modified).reversed()).toList();
        }
        if (files.isEmpty()) {
            return Content.absent(path + " holds no files");
        }
        List<String> sections = new ArrayList<>();
        long budget = logTail;
        List<String> unreadable = new ArrayList<>();
        for (Path f : files) {
            if (budget <= 0) {
                break;
            }
            try {
                BasicFileAttributes fa = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String tail = Text.tailOf(f, (int) budget);
                sections.add(0, header(f, fa) + tail + (tail.endsWith("\n") ? "" : "\n"));
                budget -= tail.getBytes(StandardCharsets.UTF_8).length;
            } catch (IOException e) {
                unreadable.add(f.getFileName() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        if (sections.isEmpty()) {
            return Content.failed("no file in " + path + " could be read: " + String.join(", ", unreadable));
        }
        // Oldest first, so the end of the part is the newest line (a cut keeps the end).
        return new Content(String.join("", sections), State.OK, unreadable.isEmpty() ? ""
                : "not readable: " + String.join(", ", unreadable));
    }

    private static String header(Path f, BasicFileAttributes a) {
        return "===== " + f + " (" + a.size() + " bytes, modified " + a.lastModifiedTime() + ") =====\n";
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private Content bjcaInstall() throws RegistryReader.RegistryException {
        if (registry.isEmpty()) {
            return Content.absent("no Windows registry on this OS: BJCA is not installed here");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Object path = registry.get().values(BJCA_REGISTRY_KEY).get("InstallPath");
        m.put("registryKey", "HKLM\\" + BJCA_REGISTRY_KEY);
        if (path instanceof String p && !p.isBlank()) {
            m.put("installPath", p);
            try {
                m.put("installPathExists", Files.isDirectory(Path.of(registry.get().expand(p))));
            } catch (RuntimeException e) {
                m.put("installPathExists", false);
            }
        } else {
            m.put("installPath", null);
        }
        Map<String, Object> product = registry.get().values(BJCA_PRODUCT_KEY);
        Object pv = product.get("pv");
        if (pv != null) {
            m.put("productVersion", String.valueOf(pv));
        }
        Object name = product.get("name");
        if (name != null) {
            m.put("productName", String.valueOf(name));
        }
        return Content.of(json(m));
    }

    private Content usb() throws Exception {
        if (usbDevices == null) {
            return Content.absent("no USB listing on this machine");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (UsbDevices.Seen s : usbDevices.call()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("vid", io.keywatch.usb.UsbId.hex4(s.ids().vendorId()));
            d.put("pid", io.keywatch.usb.UsbId.hex4(s.ids().productId()));
            d.put("bjcaKey", s.label().isPresent());
            s.label().ifPresent(l -> d.put("catalogLabel", l));
            d.put("where", s.where());
            list.add(d);
        }
        return Content.of(json(Map.of("devices", list)));
    }

    // ------------------------------------------------------------------ summary

    private String summary(Instant at, BjcaFacts bjca, Diagnosis diagnosis, int journalEntries, List<PartStatus> parts) {
        StringBuilder b = new StringBuilder();
        List<PartStatus> problems = parts.stream().filter(p -> !p.inZip() && p.state() != State.ABSENT).toList();
        for (Locale locale : List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH)) {
            Messages m = Messages.of(locale, zone);
            b.append(m.get("diagnose.summary.title")).append('\n');
            b.append(m.get("diagnose.summary.generated", m.dateTime(at), HostIdentity.machine(), HostIdentity.user()))
                    .append('\n');
            b.append(m.get("diagnose.summary.versions", version, bjca.version.orElse(m.get("diagnose.summary.unknown")),
                    bjca.bridge, System.getProperty("os.name") + " " + System.getProperty("os.version"))).append('\n');
            if (bjca.status.isPresent() && diagnosis != null) {
                CheckResult r = new CheckResult(bjca.status.get(), diagnosis, bjca.users, bjca.version, bjca.bridge,
                        bjca.reason, at);
                b.append(m.get("diagnose.summary.check", m.summary(r))).append('\n');
            } else if (bjca.status.isPresent()) {
                b.append(m.get("diagnose.summary.checkOnly", bjca.status.get().name())).append('\n');
            } else {
                b.append(m.get("diagnose.summary.noCheck")).append('\n');
            }
            if (diagnosis != null) {
                b.append(m.get("diagnose.summary.db", m.explain(diagnosis))).append('\n');
            }
            if (journalEntries >= 0) {
                b.append(m.get("diagnose.summary.journal", journalEntries)).append('\n');
            }
            b.append(problems.isEmpty() ? m.get("diagnose.summary.allParts", parts.size())
                    : m.get("diagnose.summary.someParts", parts.size(),
                    String.join(", ", problems.stream().map(PartStatus::name).toList()))).append('\n');
            b.append(m.get("diagnose.summary.privacy")).append("\n\n");
        }
        return b.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Cutting text to a byte budget at character and line boundaries, and reading file tails. */
    static final class Text {
        private static final Charset GB18030 = Charset.forName("GB18030");

        private Text() {
        }

        /** The longest prefix whose UTF-8 form fits {@code max} bytes. */
        static byte[] head(String s, int max) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length <= max) {
                return b;
            }
            int end = max;
            while (end > 0 && (b[end] & 0xC0) == 0x80) {
                end--; // do not split a character
            }
            return java.util.Arrays.copyOf(b, end);
        }

        /** The longest suffix that fits, starting at a line (a cut line could lose a key and keep its value). */
        static byte[] tail(String s, int max) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length <= max) {
                return b;
            }
            int start = b.length - max;
            while (start < b.length && b[start - 1] != '\n') {
                start++;
            }
            return java.util.Arrays.copyOfRange(b, start, b.length);
        }

        /** The last {@code max} bytes of a file as text, from the first whole line; UTF-8, else GB18030. */
        static String tailOf(Path file, int max) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                long start = Math.max(0, size - max);
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(max, size));
                while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
                    // read until full or end of file
                }
                byte[] b = java.util.Arrays.copyOf(buf.array(), buf.position());
                int from = 0;
                if (start > 0) {
                    while (from < b.length && b[from] != '\n') {
                        from++;
                    }
                    from = Math.min(from + 1, b.length);
                }
                return decode(java.util.Arrays.copyOfRange(b, from, b.length));
            }
        }

        /** BJCA on a Chinese Windows writes its logs in GBK; KeyWatch writes UTF-8. */
        static String decode(byte[] b) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                return new String(b, GB18030);
            }
        }
    }
}
