package io.keywatch.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.softkey.SoftkeyDb;
import io.keywatch.bjca.XtxClients;
import io.keywatch.config.ConfigLoader;
import io.keywatch.core.Messages;
import io.keywatch.core.XtxClient;
import io.keywatch.platform.RegistryReader;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.usb.UsbDevices;
import io.keywatch.usb.UsbId;
import io.keywatch.usb.UsbUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diagnostics zip from a simulator session: summary first, every part listed, caps, redaction. */
class DiagnosticsTest {
    /** Secrets planted in the log, the configuration and a BJCA log; none may reach the zip. */
    static final List<String> SECRETS = List.of("S3cretPw1", "654321", "9876", "hunter2", "汉字密码9", "778899",
            "4455667", "cfgPinValue");

    @TempDir
    Path tmp;
    private BjcaSimulator sim;
    private XtxClient client;
    private Path bjca;
    private Path data;
    private SoftkeyDb store;

    @BeforeEach
    void session() throws Exception {
        bjca = Files.createDirectories(tmp.resolve("LocalLow/BJCA"));
        data = tmp.resolve("data");
        sim = new BjcaSimulator(bjca, "NURSE-PC");
        BjcaSimulator.writeForeignDb(bjca, "IMAGE-BUILDER", Instant.parse("2023-11-15T02:00:00Z"));
        sim.start(0, 0);
        sim.insertKey("张三", "5303201812001784");
        client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(5), false);
        store = new SoftkeyDb(bjca.resolve(SoftkeyDb.FILE_NAME), bjca, data, Optional::empty, Optional::empty,
                Clock.systemUTC());
        store.reset("test: an earlier repair");
        client.checkSoftDeviceEnv(); // BJCA creates a fresh db
        Path logs = Files.createDirectories(data.resolve("logs"));
        Files.writeString(logs.resolve("keywatch-2026-01-01.0.log"), "2026-01-01 old line\n");
        // File systems keep coarse times: make the rolled file clearly older than the active one.
        Files.setLastModifiedTime(logs.resolve("keywatch-2026-01-01.0.log"),
                java.nio.file.attribute.FileTime.from(Instant.parse("2026-01-01T23:59:00Z")));
        Files.writeString(logs.resolve("keywatch.log"), String.join("\n",
                "2026-01-02 10:00:00 INFO  started",
                "2026-01-02 10:00:01 DEBUG request {\"func\":\"X\",\"pin\":\"9876\"}",
                "2026-01-02 10:00:02 DEBUG PIN=654321 from a careless plug-in",
                "2026-01-02 10:00:03 DEBUG password: hunter2",
                "2026-01-02 10:00:04 DEBUG 口令：778899",
                "2026-01-02 10:00:05 INFO  done", ""));
        Path bjcaLog = Files.createDirectories(bjca.resolve("log"));
        Files.write(bjcaLog.resolve("xtx.log"), "用户密码=汉字密码9 登录\nSOPin=4455667\n".getBytes("GB18030"));
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void anExtraPartSuchAsTheDoctorsReportIsInTheZipAndItsFailureIsNoted() throws Exception {
        Path zip = tmp.resolve("extra.zip");
        Diagnostics.Result r = diagnostics().extraPart("doctor.json", () -> "{\"verdict\": \"OK\"}")
                .extraPart("broken.json", () -> {
                    throw new IllegalStateException("doctor failed");
                }).write(zip);
        assertThat(unzip(zip)).containsEntry("doctor.json", "{\"verdict\": \"OK\"}").doesNotContainKey("broken.json");
        assertThat(r.parts()).filteredOn(p -> p.name().equals("broken.json")).singleElement()
                .satisfies(p -> assertThat(p.note()).contains("doctor failed"));
    }

    private Diagnostics diagnostics() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("nursingApp.command", List.of("C:\\HIS\\nurse.exe", "--password=S3cretPw1", "--pin", "cfgPinValue"));
        user.put("bjca.timeoutMs", 3000);
        ConfigLoader.Result cfg = new ConfigLoader(Messages.forLanguage("en"))
                .merge(List.of(new ConfigLoader.Layer("C:\\Users\\nurse\\AppData\\Roaming\\KeyWatch\\config.json", user)),
                        List.of());
        return new Diagnostics(Clock.systemUTC())
                .version("9.9.9-test")
                .config(cfg.config(), cfg.problems())
                .client(() -> client)
                .store(store)
                .dataDir(data)
                .logDir(data.resolve("logs"))
                .zone(ZoneId.of("Asia/Shanghai"))
                .bjcaLogs(List.of(new Diagnostics.LogSource("user-log", bjca.resolve("log")),
                        new Diagnostics.LogSource("axhost", tmp.resolve("BJCAROOT/XTXCoreSvr/axhost.log"))))
                .usbDevices(() -> List.of(new UsbDevices.Seen("1-4", new UsbId(0x096E, 0x0303), Optional.of("Feitian")),
                        new UsbDevices.Seen("1-1", new UsbId(0x1D6B, 0x0002), Optional.empty())));
    }

    /** Entry names in zip order and their text. */
    private static Map<String, String> unzip(Path zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                entries.put(e.getName(), new String(z.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    /** parts.txt as name -> state. */
    private static Map<String, String> parts(String partsTxt) {
        Map<String, String> m = new LinkedHashMap<>();
        partsTxt.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            String[] f = l.split("\t");
            m.put(f[0], f[1]);
        });
        return m;
    }

    @Test
    @SuppressWarnings("unchecked")
    void bundleFromASimulatorSessionHasTheSummaryFirstAndEveryListedPart() throws Exception {
        Path zip = tmp.resolve("out/diag.zip");
        Diagnostics.Result r = diagnostics().write(zip);

        Map<String, String> entries = unzip(zip);
        List<String> names = new ArrayList<>(entries.keySet());
        assertThat(names.get(0)).isEqualTo(Diagnostics.SUMMARY);
        assertThat(names).contains(Diagnostics.PARTS, Diagnostics.KEYWATCH, Diagnostics.BJCA, Diagnostics.SOFTKEY_DB,
                Diagnostics.JOURNAL, Diagnostics.KEYWATCH_LOG, Diagnostics.USB, "bjca-logs/user-log.txt");

        Map<String, String> parts = parts(entries.get(Diagnostics.PARTS));
        assertThat(parts.keySet()).containsAll(r.parts().stream().map(Diagnostics.PartStatus::name).toList());
        parts.forEach((name, state) -> {
            if (state.equals("OK") || state.equals("TRUNCATED")) {
                assertThat(entries).as("part %s listed as %s", name, state).containsKey(name);
            } else {
                assertThat(entries).as("part %s listed as %s", name, state).doesNotContainKey(name);
            }
        });
        assertThat(parts).containsEntry("bjca-logs/axhost.txt", "ABSENT")
                .containsEntry(Diagnostics.BJCA_INSTALL, "ABSENT").containsEntry(Diagnostics.BJCA, "OK");

        String summary = entries.get(Diagnostics.SUMMARY);
        assertThat(summary).contains("KeyWatch 诊断信息", "KeyWatch diagnostics", "9.9.9-test", BjcaSimulator.VERSION,
                "张三", "websocket");

        Map<String, Object> bjcaJson = JSON.std.mapFrom(entries.get(Diagnostics.BJCA));
        assertThat(bjcaJson).containsEntry("bridge", "websocket");
        Map<String, Object> calls = (Map<String, Object>) bjcaJson.get("calls");
        assertThat((Map<String, Object>) calls.get("CheckSoftDeviceEnv")).containsEntry("ok", true).containsEntry("value", true);
        assertThat((Map<String, Object>) calls.get("SOF_GetVersion")).containsEntry("value", BjcaSimulator.VERSION);
        assertThat(entries.get(Diagnostics.BJCA)).contains("UserKey/5303201812001784", "SimGM3000.dll", "HARD",
                "GetDeviceInfo(7)");
        List<Map<String, Object>> devices = (List<Map<String, Object>>) bjcaJson.get("devices");
        assertThat(devices).singleElement().satisfies(d -> assertThat(d).containsEntry("serial", "5303201812001784"));

        Map<String, Object> kw = JSON.std.mapFrom(entries.get(Diagnostics.KEYWATCH));
        Map<String, Object> config = (Map<String, Object>) kw.get("config");
        assertThat((Map<String, Object>) config.get("bjca.timeoutMs")).containsEntry("value", 3000)
                .containsEntry("source", "C:\\Users\\nurse\\AppData\\Roaming\\KeyWatch\\config.json");
        assertThat((Map<String, Object>) config.get("reset.policy")).containsEntry("source", "default");
        assertThat(kw).containsKeys("os", "locale", "timeZone", "java").containsEntry("version", "9.9.9-test");

        assertThat(entries.get(Diagnostics.SOFTKEY_DB)).contains("\"verdict\"", "explanation_zh");
        assertThat(entries.get(Diagnostics.JOURNAL)).contains("test: an earlier repair", "MOVED");
        assertThat(entries.get(Diagnostics.KEYWATCH_LOG)).contains("started", "done", "old line");
        assertThat(entries.get("bjca-logs/user-log.txt")).as("GBK log decoded").contains("登录");
        assertThat(entries.get(Diagnostics.USB)).contains("096E", "0303", "Feitian", "1D6B");
    }

    @Test
    void pinLikeFieldsPlantedInTheLogTheConfigAndBjcasLogNeverReachTheZip() throws Exception {
        Path zip = tmp.resolve("diag.zip");
        diagnostics().write(zip);

        byte[] raw = Files.readAllBytes(zip);
        Map<String, String> entries = unzip(zip);
        assertThat(entries).isNotEmpty();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            for (String secret : SECRETS) {
                assertThat(e.getValue()).as("%s must not contain %s", e.getKey(), secret).doesNotContain(secret);
            }
        }
        // Stored (not deflated) entries would show plain bytes: check the raw zip too.
        String rawText = new String(raw, StandardCharsets.ISO_8859_1);
        for (String secret : SECRETS) {
            assertThat(rawText).doesNotContain(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
        // The planted lines are there, masked: the redaction kept the evidence that something was logged.
        assertThat(entries.get(Diagnostics.KEYWATCH_LOG)).contains("\"pin\":\"***\"", "PIN=***", "password: ***");
        assertThat(entries.get(Diagnostics.KEYWATCH)).contains("--password=***");
        assertThat(entries.get("bjca-logs/user-log.txt")).contains("用户密码=***", "SOPin=***");
    }

    @Test
    void capsHoldPerPartAndInTotalAndTheCutsAreNoted() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            big.append("2026-01-02 10:00:00 INFO line ").append(i).append(" PIN=4455667\n");
        }
        Files.writeString(data.resolve("logs/keywatch.log"), big);
        Path zip = tmp.resolve("small.zip");
        Diagnostics.Result r = diagnostics().caps(3000, 6000, 8000).write(zip);

        Map<String, String> entries = unzip(zip);
        long total = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (!e.getKey().equals(Diagnostics.SUMMARY) && !e.getKey().equals(Diagnostics.PARTS)) {
                int size = e.getValue().getBytes(StandardCharsets.UTF_8).length;
                assertThat(size).as(e.getKey()).isLessThanOrEqualTo(3000);
                total += size;
            }
        }
        assertThat(total).isLessThanOrEqualTo(6000);
        assertThat(r.parts()).anySatisfy(p -> assertThat(p.state()).isEqualTo(Diagnostics.State.OMITTED));
        assertThat(r.parts()).anySatisfy(p -> assertThat(p.state()).isEqualTo(Diagnostics.State.TRUNCATED));
        Map<String, String> parts = parts(entries.get(Diagnostics.PARTS));
        assertThat(parts).containsValue("OMITTED");
        String log = entries.get(Diagnostics.KEYWATCH_LOG);
        assertThat(log).as("the log keeps its end").contains("line 4999").doesNotContain("line 0 ");
        assertThat(log.lines().toList()).as("whole lines only").allSatisfy(l -> assertThat(l).startsWith("2026-01-02"));
        assertThat(log).doesNotContain("4455667");
    }

    @Test
    void partsThatFailAreNotedAndTheRestIsStillWritten() throws Exception {
        RegistryReader brokenRegistry = new RegistryReader() {
            @Override
            public Map<String, Object> values(String path) throws RegistryException {
                throw new RegistryException("HKLM\\" + path + ": access denied", null);
            }

            @Override
            public List<String> subKeys(String path) {
                return List.of();
            }

            @Override
            public String expand(String value) {
                return value;
            }
        };
        Path zip = tmp.resolve("partial.zip");
        Diagnostics.Result r = diagnostics().registry(Optional.of(brokenRegistry))
                .usbDevices(() -> {
                    throw new UsbUnavailableException("libusb native library not available");
                })
                .client(() -> {
                    throw new IllegalStateException("COM bridge not registered");
                })
                .write(zip);

        Map<String, String> parts = parts(unzip(zip).get(Diagnostics.PARTS));
        assertThat(parts).containsEntry(Diagnostics.USB, "FAILED").containsEntry(Diagnostics.BJCA_INSTALL, "FAILED")
                .containsEntry(Diagnostics.BJCA, "FAILED").containsEntry(Diagnostics.KEYWATCH, "OK");
        assertThat(unzip(zip).get(Diagnostics.PARTS)).contains("libusb native library not available", "access denied",
                "COM bridge not registered");
        assertThat(unzip(zip).get(Diagnostics.SUMMARY)).contains(Diagnostics.USB, Diagnostics.BJCA_INSTALL);
        assertThat(r.parts()).filteredOn(p -> p.state() == Diagnostics.State.FAILED).hasSize(3);
    }

    @Test
    void aSlowServiceCostsOneTimeoutNotOnePerCall() throws Exception {
        client.close();
        client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofMillis(300), false);
        sim.replyDelay(Duration.ofSeconds(3));
        Path zip = tmp.resolve("slow.zip");
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> diagnostics().write(zip));
        String bjcaJson = unzip(zip).get(Diagnostics.BJCA);
        assertThat(bjcaJson).contains("TIMEOUT", "skipped");
        assertThat(unzip(zip).get(Diagnostics.SUMMARY)).contains("KeyWatch diagnostics");
    }
}
