import io.keywatch.sim.BjcaSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The KeyWatch benchmark driver (run it through src/bench/run.sh, which builds everything and starts
 * an X session with a tray host). In one run, side by side with {@code MinimalTray} started with the
 * same JVM and the same options, it measures:
 *
 * <ul>
 *   <li>start → icon shown: from just before the process is spawned until {@code xdotool search
 *       --onlyvisible --name ^JavaEmbeddedFrame$} finds a new embedded icon window in trayer (the same
 *       outside view for both programs; polling costs a few ms of resolution);</li>
 *   <li>RSS after the idle time and its peak ({@code /proc/PID/status} VmRSS, VmHWM), CPU used during
 *       the idle window ({@code /proc/PID/stat} utime+stime delta) and the threads' context switches in it
 *       (every wake-up of a thread is one voluntary switch), both programs idling at the same time;</li>
 *   <li>key inserted → status shown: from just before the in-process BJCA simulator pushes
 *       {@code onUsbkeyChange} until TrayApp has set the icon for the check's result on the AWT event
 *       thread (its opt-in {@code -Dkeywatch.bench.marks=true} line {@code keywatch.bench icon OK
 *       EPOCH_MICROS}); both timestamps are epoch microseconds of the same clock;</li>
 *   <li>failed → reset → re-check → OK: a carried-over db, then a key; with {@code reset.policy=auto}
 *       the tray goes red, resets, checks again and turns green; from the insertion to green.</li>
 * </ul>
 */
public final class Bench {
    private static final String MARK = "keywatch.bench icon ";
    private static final String ICON_WINDOW = "^JavaEmbeddedFrame$";

    private final boolean quick;
    private final List<String> minimalCmd;
    private final List<String> keywatchCmd;
    private final List<String> cliCmd;
    private final Path work;
    private final Path out;
    private final String label;
    private final List<String> jvmOptions;
    private final int settleMs = 50;

    private BjcaSimulator sim;
    private Path bjcaFolder;
    private Path config;

    private Bench(Map<String, String> a, List<String> jvmOptions) {
        this.quick = a.containsKey("quick");
        this.work = Path.of(a.get("work")).toAbsolutePath();
        this.out = Path.of(a.get("out")).toAbsolutePath();
        this.label = a.getOrDefault("label", "");
        this.jvmOptions = jvmOptions;
        List<String> java = new ArrayList<>();
        java.add(a.get("java"));
        java.addAll(jvmOptions);
        minimalCmd = new ArrayList<>(java);
        minimalCmd.addAll(List.of("-cp", a.get("minimal-cp"), "MinimalTray"));
        List<String> kw = new ArrayList<>();
        if (a.containsKey("launcher")) {
            kw.add(a.get("launcher"));
        } else {
            kw.addAll(java);
            kw.addAll(List.of("-jar", a.get("jar")));
        }
        cliCmd = new ArrayList<>(kw);
        keywatchCmd = kw;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i].replaceFirst("^--", "");
            if (k.equals("quick")) {
                a.put(k, "true");
            } else {
                a.put(k, args[++i]);
            }
        }
        for (String required : List.of("java", "jvm-options", "minimal-cp", "jar", "work", "out")) {
            if (!a.containsKey(required)) {
                System.err.println("Bench: --" + required + " missing (run src/bench/run.sh)");
                System.exit(2);
            }
        }
        List<String> opts = Files.readAllLines(Path.of(a.get("jvm-options"))).stream()
                .map(l -> l.replaceFirst("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
        System.exit(new Bench(a, opts).run());
    }

    // ------------------------------------------------------------------ the run

    private int run() throws Exception {
        Files.createDirectories(work);
        bjcaFolder = Files.createDirectories(work.resolve("bjca"));
        Path dataDir = work.resolve("data");
        deleteTree(dataDir);
        Files.deleteIfExists(bjcaFolder.resolve(BjcaSimulator.DB_FILE_NAME));
        sim = new BjcaSimulator(bjcaFolder).start();
        config = work.resolve("keywatch-bench.json");
        // reset.policy auto: the failed → reset → OK flow runs without a click. keys.settleMs 50: the
        // shortest window the key sources accept, so 1,000 insert/remove pairs fit in ~2 minutes; every
        // event comes after the previous window closed, so each is a leading edge, acted on at once.
        Files.writeString(config, """
                {"bjca": {"url": "%s", "synctlUrl": "%s", "bridge": "auto", "timeoutMs": 5000},
                 "softkeyDb": {"path": "%s"}, "dataDir": "%s", "ui": {"language": "zh"},
                 "keys": {"settleMs": %d}, "reset": {"policy": "auto"}}
                """.formatted(sim.webSocketUrl(), sim.synctlUrl(), json(bjcaFolder.resolve(BjcaSimulator.DB_FILE_NAME)),
                json(dataDir), settleMs));
        // --config belongs to the top-level command: `keywatch --config F tray`.
        keywatchCmd.addAll(List.of("--config", config.toString(), "tray"));
        String loadBefore = loadAverage();
        long started = System.nanoTime();
        Results r = new Results();
        try {
            startup(r);
            idleAndLatency(r);
        } finally {
            sim.close();
        }
        String table = table(r, loadBefore, loadAverage(), (System.nanoTime() - started) / 1_000_000_000L);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        return 0;
    }

    private static final class Results {
        final List<Double> startMinimal = new ArrayList<>();
        final List<Double> startKeywatch = new ArrayList<>();
        Idle idleMinimal;
        Idle idleKeywatch;
        final List<Double> insert = new ArrayList<>();
        final List<Double> insertChecking = new ArrayList<>();
        final List<Double> causeBalloon = new ArrayList<>();
        final List<Double> remove = new ArrayList<>();
        int lost;
        final List<Double> flow = new ArrayList<>();
        final List<Double> flowFailed = new ArrayList<>();
        final List<Double> cliReset = new ArrayList<>();
        long rssAfterLoadKb;
        long hwmAfterLoadKb;
        long cpuLoadMs;
    }

    record Idle(long rssKb, long hwmKb, long cpuMs, long switches, int threads, double windowSeconds,
                Map<String, Long> switchesByThread) { }

    // ------------------------------------------------------------------ start → icon

    private void startup(Results r) throws Exception {
        int runs = quick ? 3 : 7;
        log("start → icon: %d runs each (+1 warm-up), alternating", runs);
        for (int i = 0; i <= runs; i++) {
            double m = timeToIcon(minimalCmd, "minimal");
            double k = timeToIcon(keywatchCmd, "keywatch");
            if (i > 0) { // the first run of each warms the page cache
                r.startMinimal.add(m);
                r.startKeywatch.add(k);
            }
            log("  run %d: minimal %.0f ms, keywatch %.0f ms%s", i, m, k, i == 0 ? " (warm-up, not counted)" : "");
        }
    }

    private double timeToIcon(List<String> cmd, String name) throws Exception {
        awaitNoIcons();
        Set<String> before = iconWindows();
        long t0 = micros();
        Proc p = Proc.start(cmd, work.resolve(name + ".log"));
        try {
            long shown = awaitNewIcon(before, p, 60);
            return (shown - t0) / 1000.0;
        } finally {
            p.stop();
        }
    }

    // ------------------------------------------------------------------ idle, then key events

    private void idleAndLatency(Results r) throws Exception {
        awaitNoIcons();
        Proc minimal = Proc.start(minimalCmd, work.resolve("minimal-idle.log"));
        Proc keywatch = null;
        try {
            awaitNewIcon(Set.of(), minimal, 60);
            Set<String> before = iconWindows();
            keywatch = Proc.start(keywatchCmd, work.resolve("keywatch-idle.log"));
            long shown = awaitNewIcon(before, keywatch, 60);
            // Idle: both programs at once. The window starts after a settling pause (KeyWatch's start-up
            // check, the JIT's first compilations), RSS is read at 30 s after the icon appeared.
            double settle = quick ? 2 : 5;
            double rssAt = quick ? 10 : 30;
            double window = quick ? 15 : 60;
            log("idle: CPU over %.0f s (from %.0f s after the icon), RSS at %.0f s", window, settle, rssAt);
            sleepUntil(shown, settle);
            Snapshot m0 = Snapshot.of(minimal.pid());
            Snapshot k0 = Snapshot.of(keywatch.pid());
            sleepUntil(shown, rssAt);
            long mRss = Snapshot.status(minimal.pid(), "VmRSS");
            long kRss = Snapshot.status(keywatch.pid(), "VmRSS");
            sleepUntil(shown, settle + window);
            Snapshot m1 = Snapshot.of(minimal.pid());
            Snapshot k1 = Snapshot.of(keywatch.pid());
            r.idleMinimal = m1.idleSince(m0, mRss, Snapshot.status(minimal.pid(), "VmHWM"), window);
            r.idleKeywatch = k1.idleSince(k0, kRss, Snapshot.status(keywatch.pid(), "VmHWM"), window);
            minimal.stop();

            latency(r, keywatch);
            causeLatency(r, keywatch);
            resetFlow(r, keywatch);
            Snapshot k2 = Snapshot.of(keywatch.pid());
            r.rssAfterLoadKb = Snapshot.status(keywatch.pid(), "VmRSS");
            r.hwmAfterLoadKb = Snapshot.status(keywatch.pid(), "VmHWM");
            r.cpuLoadMs = k2.cpuMs - k1.cpuMs;
            cliReset(r);
        } finally {
            minimal.stop();
            if (keywatch != null) {
                keywatch.stop();
            }
        }
    }

    private void latency(Results r, Proc kw) throws Exception {
        int n = quick ? 200 : 1000;
        log("key inserted → status shown: %d insertions (each followed by a removal), settle window %d ms", n, settleMs);
        for (int i = 0; i < n; i++) {
            kw.marks.clear();
            long t0 = micros();
            sim.insertKey("张三", "53032018" + String.format("%08d", i));
            Mark checking = kw.awaitMark("CHECKING", t0, 5);
            Mark ok = kw.awaitMark("OK", t0, 5);
            if (checking != null) {
                r.insertChecking.add((checking.micros - t0) / 1000.0);
            }
            if (ok == null) {
                r.lost++;
                log("  insertion %d: no OK within 5 s", i);
            } else {
                r.insert.add((ok.micros - t0) / 1000.0);
            }
            // The watchdog opened its settle window when it took the event, before the mark: once the
            // window is over, the next event is a leading edge again.
            sleepUntil(ok == null ? micros() : ok.micros, (settleMs + 5) / 1000.0);
            kw.marks.clear();
            long t1 = micros();
            sim.removeKey();
            Mark gone = kw.awaitMark("WAITING_FOR_KEY", t1, 5);
            if (gone == null) {
                r.lost++;
                log("  removal %d: no WAITING_FOR_KEY within 5 s", i);
            } else {
                r.remove.add((gone.micros - t1) / 1000.0);
            }
            sleepUntil(gone == null ? micros() : gone.micros, (settleMs + 5) / 1000.0);
            if ((i + 1) % 200 == 0) {
                log("  %d done (p50 so far %.2f ms)", i + 1, percentile(r.insert, 50));
            }
        }
    }

    /**
     * Key inserted → balloon naming its cause: keys whose certificate expired (the doctor's key checks
     * read each new key's certificate: export, four GetCertInfo, ValidateCert, GetPinRetryCount).
     */
    private void causeLatency(Results r, Proc kw) throws Exception {
        int n = quick ? 100 : 300;
        log("key inserted → balloon with its cause (expired certificate): %d insertions", n);
        var certs = sim.component().certificates();
        for (int i = 0; i < n; i++) {
            String serial = "53039999" + String.format("%08d", i);
            Instant now = Instant.now();
            certs.set(serial, certs.healthy().withValidity(now.minusSeconds(86400L * 700), now.minusSeconds(86400L * 11))
                    .withValidate(-2));
            kw.marks.clear();
            long t0 = micros();
            sim.insertKey("张三", serial);
            Mark balloon = kw.awaitMark("BALLOON:cert.validity", t0, 5);
            if (balloon == null) {
                r.lost++;
                log("  insertion %d: no balloon naming cert.validity within 5 s", i);
                sleepUntil(micros(), (settleMs + 5) / 1000.0);
            } else {
                r.causeBalloon.add((balloon.micros - t0) / 1000.0);
                sleepUntil(balloon.micros, (settleMs + 5) / 1000.0);
            }
            kw.marks.clear();
            long t1 = micros();
            sim.removeKey();
            Mark gone = kw.awaitMark("WAITING_FOR_KEY", t1, 5);
            sleepUntil(gone == null ? micros() : gone.micros, (settleMs + 5) / 1000.0);
        }
    }

    private void resetFlow(Results r, Proc kw) throws Exception {
        int n = quick ? 5 : 20;
        log("failed → reset → re-check → OK: %d runs", n);
        for (int i = 0; i < n; i++) {
            BjcaSimulator.writeForeignDb(bjcaFolder, "IMAGE-BUILD-PC", Instant.parse("2023-11-15T00:00:00Z"));
            kw.marks.clear();
            long t0 = micros();
            sim.insertKey("张三", "5303201812001784");
            Mark failed = kw.awaitMark("FAILED", t0, 10);
            Mark ok = kw.awaitMark("OK", t0, 10);
            if (failed == null || ok == null) {
                r.lost++;
                log("  run %d: no %s", i, failed == null ? "FAILED" : "OK");
            } else {
                r.flowFailed.add((failed.micros - t0) / 1000.0);
                r.flow.add((ok.micros - t0) / 1000.0);
            }
            Thread.sleep(settleMs + 12);
            kw.marks.clear();
            long t1 = micros();
            sim.removeKey();
            kw.awaitMark("WAITING_FOR_KEY", t1, 5);
            Thread.sleep(settleMs + 12);
        }
    }

    /** The same flow from a script: {@code keywatch reset --yes} against a carried-over db (a new JVM each time). */
    private void cliReset(Results r) throws Exception {
        int n = quick ? 1 : 3;
        List<String> cmd = new ArrayList<>(cliCmd);
        cmd.addAll(List.of("--config", config.toString(), "reset", "--yes"));
        for (int i = 0; i < n; i++) {
            BjcaSimulator.writeForeignDb(bjcaFolder, "IMAGE-BUILD-PC", Instant.parse("2023-11-15T00:00:00Z"));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(work.resolve("cli-reset.log").toFile()).start();
            int rc = p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
            double ms = (System.nanoTime() - t0) / 1e6;
            if (rc == 0) {
                r.cliReset.add(ms);
            } else {
                log("  keywatch reset --yes exited %d (see %s)", rc, work.resolve("cli-reset.log"));
            }
        }
    }

    // ------------------------------------------------------------------ processes and marks

    record Mark(String state, long micros) { }

    private static final class Proc {
        final Process process;
        final BlockingQueue<Mark> marks = new LinkedBlockingQueue<>();

        private Proc(Process process) {
            this.process = process;
        }

        static Proc start(List<String> cmd, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
            pb.environment().put("JAVA_TOOL_OPTIONS", "-Dkeywatch.bench.marks=true");
            Proc p = new Proc(pb.start());
            Thread reader = new Thread(() -> p.read(log), "bench-reader");
            reader.setDaemon(true);
            reader.start();
            return p;
        }

        private void read(Path log) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith(MARK)) {
                        String[] f = line.substring(MARK.length()).trim().split(" ");
                        marks.add(new Mark(f[0], Long.parseLong(f[1])));
                    } else {
                        w.println(line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // process gone
            }
        }

        long pid() {
            return process.pid();
        }

        /** The next mark with this state at or after {@code sinceMicros}, or null after the timeout. */
        Mark awaitMark(String state, long sinceMicros, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                Mark m = marks.poll(left, TimeUnit.NANOSECONDS);
                if (m != null && m.state.equals(state) && m.micros >= sinceMicros) {
                    return m;
                }
            }
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Set<String> iconWindows() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("xdotool", "search", "--onlyvisible", "--name", ICON_WINDOW)
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return Arrays.stream(text.split("\\s+")).filter(s -> s.matches("\\d+")).collect(Collectors.toSet());
    }

    /** Epoch micros when a visible icon window not in {@code before} was first seen. */
    private long awaitNewIcon(Set<String> before, Proc p, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Set<String> now = iconWindows();
            long t = micros();
            now.removeAll(before);
            if (!now.isEmpty()) {
                return t;
            }
            if (!p.process.isAlive()) {
                throw new IllegalStateException("the program exited (" + p.process.exitValue() + ") before its icon showed: "
                        + "see " + work);
            }
        }
        throw new IllegalStateException("no tray icon within " + seconds + " s: see the logs in " + work);
    }

    private static void awaitNoIcons() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!iconWindows().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------ /proc

    record Snapshot(long cpuMs, long switches, int threads, Map<String, Long> byThread) {
        static Snapshot of(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            long cpuMs = ticks * 1000 / 100; // USER_HZ is 100 on Linux
            Map<String, Long> byThread = new LinkedHashMap<>();
            long total = 0;
            int threads = 0;
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        String name = Files.readString(t.resolve("comm")).trim() + " #" + t.getFileName();
                        long s = 0;
                        for (String line : Files.readAllLines(t.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
                                s += Long.parseLong(line.replaceAll("\\D", ""));
                            }
                        }
                        byThread.put(name, s);
                        total += s;
                        threads++;
                    } catch (IOException e) {
                        // thread ended while reading
                    }
                }
            }
            return new Snapshot(cpuMs, total, threads, byThread);
        }

        static long status(long pid, String key) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            throw new IOException(key + " not in /proc/" + pid + "/status");
        }

        Idle idleSince(Snapshot start, long rssKb, long hwmKb, double window) {
            Map<String, Long> delta = new LinkedHashMap<>();
            byThread.forEach((name, s) -> {
                long d = s - start.byThread.getOrDefault(name, 0L);
                if (d > 0) {
                    delta.put(name, d);
                }
            });
            // Threads that ended during the window take their switches with them: count what the living ones did.
            long woke = delta.values().stream().mapToLong(Long::longValue).sum();
            return new Idle(rssKb, hwmKb, cpuMs - start.cpuMs, woke, threads, window, delta);
        }
    }

    // ------------------------------------------------------------------ the table

    private String table(Results r, String loadBefore, String loadAfter, long seconds) {
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        Idle mi = r.idleMinimal;
        Idle ki = r.idleKeywatch;
        String win = String.format(Locale.ROOT, "%.0f s", ki.windowSeconds);
        w.printf("KeyWatch benchmark%s — %s, %d CPUs, load average before %s / after %s, %d s%n",
                quick ? " (--quick)" : "", Instant.now().toString().substring(0, 16).replace('T', ' '),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, seconds);
        w.printf("Runtime: %s; JVM options (both programs): %s%n%n", label, String.join(" ", jvmOptions));
        w.println("| figure | KeyWatch | minimal tray | ratio | target | met |");
        w.println("|---|---:|---:|---:|---|---|");
        double sk = median(r.startKeywatch);
        double sm = median(r.startMinimal);
        row(w, "start → icon shown, median of " + r.startKeywatch.size() + " (ms)", f0(sk), f0(sm), sk / sm,
                "≤ 1.5 × minimal", sk <= 1.5 * sm);
        double rk = ki.rssKb / 1024.0;
        double rm = mi.rssKb / 1024.0;
        row(w, "RSS after " + (quick ? "10" : "30") + " s idle (MB)", f1(rk), f1(rm), rk / rm,
                "≤ 1.15 × minimal and ≤ 64 MB", rk <= 1.15 * rm && rk <= 64);
        row(w, "RSS peak, VmHWM after the idle window (MB)", f1(hwmAtIdle(ki)), f1(hwmAtIdle(mi)),
                hwmAtIdle(ki) / hwmAtIdle(mi), "", null);
        row(w, "CPU during " + win + " idle (ms)", String.valueOf(ki.cpuMs), String.valueOf(mi.cpuMs),
                mi.cpuMs == 0 ? Double.NaN : (double) ki.cpuMs / mi.cpuMs, "≤ 150 ms", ki.cpuMs <= 150);
        row(w, "thread wake-ups (context switches) during " + win + " idle", String.valueOf(ki.switches),
                String.valueOf(mi.switches), mi.switches == 0 ? Double.NaN : (double) ki.switches / mi.switches, "", null);
        row(w, "threads", String.valueOf(ki.threads), String.valueOf(mi.threads), (double) ki.threads / mi.threads, "", null);
        row(w, "key inserted → status shown, p50 of " + r.insert.size() + " (ms)", f2(percentile(r.insert, 50)), "—",
                Double.NaN, "", null);
        row(w, "key inserted → status shown, p99 (ms)", f2(percentile(r.insert, 99)), "—", Double.NaN, "≤ 25 ms",
                percentile(r.insert, 99) <= 25 && r.lost == 0);
        row(w, "key inserted → status shown, first after start / max (ms)",
                f2(r.insert.isEmpty() ? Double.NaN : r.insert.get(0)) + " / " + f2(percentile(r.insert, 100)), "—",
                Double.NaN, "", null);
        row(w, "… of which key inserted → \"checking\" shown (push, GetDeviceCount), p50 / p99 (ms)",
                f2(percentile(r.insertChecking, 50)) + " / " + f2(percentile(r.insertChecking, 99)), "—", Double.NaN, "", null);
        row(w, "key inserted → balloon with its cause (expired certificate), p50 of " + r.causeBalloon.size()
                + " (ms)", f2(percentile(r.causeBalloon, 50)), "—", Double.NaN, "", null);
        row(w, "key inserted → balloon with its cause, p99 (ms)", f2(percentile(r.causeBalloon, 99)), "—", Double.NaN,
                "≤ 50 ms", !r.causeBalloon.isEmpty() && percentile(r.causeBalloon, 99) <= 50);
        row(w, "key removed → status shown, p50 / p99 (ms)", f2(percentile(r.remove, 50)) + " / "
                + f2(percentile(r.remove, 99)), "—", Double.NaN, "", null);
        row(w, "failed → reset → re-check → OK in the tray, median of " + r.flow.size() + " (ms; red after)",
                f1(median(r.flow)) + " (" + f1(median(r.flowFailed)) + ")", "—", Double.NaN, "", null);
        row(w, "`keywatch reset --yes` from a script, new JVM, median of " + r.cliReset.size() + " (ms)",
                f0(median(r.cliReset)), "—", Double.NaN, "", null);
        row(w, "RSS / VmHWM after all key events (MB)", f1(r.rssAfterLoadKb / 1024.0) + " / "
                + f1(r.hwmAfterLoadKb / 1024.0), "—", Double.NaN, "", null);
        w.println();
        if (r.lost > 0) {
            w.printf("%d key events got no status within the timeout.%n", r.lost);
        }
        w.printf("KeyWatch threads that woke during the idle window (context switches): %s%n",
                top(ki.switchesByThread));
        w.printf("Minimal tray: %s%n", top(mi.switchesByThread));
        w.flush();
        return sw.toString();
    }

    private static double hwmAtIdle(Idle i) {
        return i.hwmKb / 1024.0;
    }

    private static String top(Map<String, Long> byThread) {
        List<Map.Entry<String, Long>> e = new ArrayList<>(byThread.entrySet());
        e.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return e.stream().limit(10).map(x -> x.getKey().replaceAll(" #\\d+$", "") + " " + x.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void row(PrintWriter w, String name, String kw, String min, double ratio, String target, Boolean met) {
        w.printf("| %s | %s | %s | %s | %s | %s |%n", name, kw, min,
                Double.isNaN(ratio) || Double.isInfinite(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio),
                target, met == null ? "" : met ? "yes" : "**no**");
    }

    // ------------------------------------------------------------------ small helpers

    private static double median(List<Double> v) {
        return percentile(v, 50);
    }

    /** Nearest-rank percentile; NaN for no values. */
    private static double percentile(List<Double> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    private static String f0(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }

    private static String f1(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String f2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static long micros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static void sleepUntil(long startMicros, double seconds) throws InterruptedException {
        long until = startMicros + (long) (seconds * 1_000_000);
        long left;
        while ((left = until - micros()) > 0) {
            Thread.sleep(left / 1000, (int) (left % 1000) * 1000);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String json(Path p) {
        return p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }

}
