package io.keywatch.diagnostics;

import io.keywatch.config.KeyWatchConfig;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.SoftkeyStore;
import io.keywatch.core.XtxClient;
import io.keywatch.files.PrivateFolders;
import io.keywatch.platform.RegistryReader;
import io.keywatch.usb.UsbDevices;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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

    private final Clock clock;
    String version = "dev";
    KeyWatchConfig config = KeyWatchConfig.defaults();
    List<String> configProblems = List.of();
    private Supplier<XtxClient> client;
    SoftkeyStore store;
    Path dataDir;
    Path journalFile;
    Path logDir;
    Optional<RegistryReader> registry = Optional.empty();
    private List<LogSource> bjcaLogs = List.of();
    Callable<List<UsbDevices.Seen>> usbDevices;
    String platformName = "generic";
    ZoneId zone = ZoneId.systemDefault();
    int partCap = DEFAULT_PART_CAP;
    private int totalCap = DEFAULT_TOTAL_CAP;
    int logTail = DEFAULT_LOG_TAIL;
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
        BjcaPart bjca = new BjcaPart(config);
        LocalParts local = new LocalParts(this);
        Diagnosis[] diagnosis = new Diagnosis[1];
        int[] journalEntries = {-1};

        contents.put(KEYWATCH, read(KEYWATCH, () -> Content.of(Content.json(local.keywatch(at)))));
        contents.put(BJCA, read(BJCA, () -> bjca.collect(client)));
        contents.put(SOFTKEY_DB, read(SOFTKEY_DB, () -> local.softkeyDb(diagnosis, journalEntries)));
        contents.put(JOURNAL, read(JOURNAL, local::journal));
        contents.put(KEYWATCH_LOG, read(KEYWATCH_LOG, local::keywatchLog));
        contents.put(BJCA_INSTALL, read(BJCA_INSTALL, local::bjcaInstall));
        for (LogSource s : bjcaLogs) {
            contents.put(BJCA_LOG_PREFIX + s.name() + ".txt", read(s.name(), () -> local.logs(s.path())));
        }
        contents.put(USB, read(USB, local::usb));
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

        String summary = Redactor.redact(Summary.summary(at, zone, version, bjca, diagnosis[0], journalEntries[0], statuses));
        Path dir = zip.toAbsolutePath().getParent();
        PrivateFolders.createMissing(dir); // where IT asked for it: only what is missing is made (private)
        Path temp = Files.createTempFile(dir, ".keywatch-diagnostics-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING);
                 ZipOutputStream z = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
                put(z, SUMMARY, summary.getBytes(StandardCharsets.UTF_8), at);
                for (Map.Entry<String, byte[]> e : bytes.entrySet()) {
                    put(z, e.getKey(), e.getValue(), at);
                }
                put(z, PARTS, Redactor.redact(partsText(statuses)).getBytes(StandardCharsets.UTF_8), at);
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

    private Content read(String what, Content.Source source) {
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
}
