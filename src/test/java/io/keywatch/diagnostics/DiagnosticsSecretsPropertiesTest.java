package io.keywatch.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.config.ConfigLoader;
import io.keywatch.core.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Secrets generated (digits, ASCII, Chinese) and planted, with quoting and spacing variants, in every
 * place a diagnostics zip takes text from: KeyWatch's log, BJCA's logs (UTF-8, GB18030, UTF-16), the
 * quarantine journal, the configuration's problems and the nursing app's command line. A real zip is
 * built; no secret may survive anywhere in it, while certificate ids, paths and user names stay readable.
 */
class DiagnosticsSecretsPropertiesTest {
    static final String CERT = "UserKey/5303201812001784";
    static final String DB_PATH = "/home/nurse/.local/share/BJCA/bjca_softkey.db";
    static final String USER = "张三";

    /** A secret and a second one (the new PIN of a change), both of the same kind. */
    record Secrets(String s, String t, boolean ascii) { }

    @Provide
    Arbitrary<Secrets> secrets() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(9).ofMaxLength(12);
        Arbitrary<String> ascii = Arbitraries.strings().withChars("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")
                .ofMinLength(5).ofMaxLength(10).flatMap(letters -> digits.map(d -> letters + d.substring(0, 3) + "!#"));
        Arbitrary<String> chinese = Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').ofMinLength(6).ofMaxLength(9)
                .filter(c -> !c.contains("码") && !c.startsWith("是") && !c.startsWith("为"));
        return Arbitraries.oneOf(
                Combinators.combine(digits, digits).as((a, b) -> new Secrets(a, b, true)),
                Combinators.combine(ascii, ascii).as((a, b) -> new Secrets(a, b, true)),
                Combinators.combine(chinese, chinese).as((a, b) -> new Secrets(a, b, false)))
                .filter(x -> !x.s().equals(x.t()) && !CERT.contains(x.s()) && !CERT.contains(x.t()));
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.of(" ", "  ", "\t", " \t ");
    }

    @Provide
    Arbitrary<String> quotes() {
        return Arbitraries.of("", "\"", "'");
    }

    /** Log lines holding the secret (and a second one), with the spacing {@code sp} and the quote {@code q}. */
    static List<String> logLines(Secrets x, String sp, String q) {
        List<String> l = new ArrayList<>(List.of(
                "PIN" + sp + "{S}", "verify PIN" + sp + "{S} ok", "PIN=" + q + "{S}" + q, "PIN:" + sp + q + "{S}" + q,
                "PIN：{S}", "userPin = " + q + "{S}" + q, "the password is {S}", "password" + sp + "{S}", "passwd={S}",
                "pwd: {S}", "用户密码是{S}", "用户密码是" + sp + "{S}，登录", "口令为{S}", "口令：{S}", "密码" + sp + "{S}",
                "call SOF_Login(" + CERT + ", {S}) = true", "SOF_Login(" + CERT + "," + sp + q + "{S}" + q + ")",
                "VerifyPIN(\"{S}\")", "SOF_VerifyPin(" + CERT + ", {S})", "SOF_ChangePassWd old {S} new {T}",
                "SOF_ChangePassWd(" + CERT + ", {S}, {T})", "UnlockUserPass({S}, {T})", "SOF_Login " + CERT + sp + "{S}",
                "{\"call_cmd_id\":\"i_7\",\"xtx_func_name\":\"SOF_Login\",\"param_1\":\"" + CERT + "\",\"param_2\":\"{S}\"}",
                "{\"func\":\"SOF_ChangePassWd\",\"param\":[\"" + CERT + "\",\"{S}\",\"{T}\"]}",
                "request {func=SOF_Login, param=[" + CERT + ", {S}]}",
                "GET /synctl?token={S}&x=1", "{\"token\":\"{S}\"}", "token: {S}", "Cookie: JSESSIONID={S}; lang=zh",
                "Set-Cookie: JSESSIONID={S}; Path=/", "session JSESSIONID={S}", "sessionId=" + q + "{S}" + q,
                "nursing app: [C:\\HIS\\nurse.exe, --token, {S}]", "nurse.exe --token={S} -p" + sp + "{T}",
                "msg \"{\\\"pin\\\":\\\"{S}\\\"}\""));
        if (x.ascii()) {
            l.addAll(List.of("Authorization: Bearer {S}", "sent Bearer {S} to the HIS", "Authorization: Basic {S}"));
        }
        return l.stream().map(t -> t.replace("{S}", x.s()).replace("{T}", x.t())).toList();
    }

    static List<String> command(Secrets x, String sp) {
        return List.of("C:\\HIS\\nurse.exe", "--token", x.s(), "--token=" + x.s(), "-p", x.t(), "/p:" + x.s(), "-pwd",
                x.t(), "--password", x.s(), "--user", USER);
    }

    @Property(tries = 40)
    void noGeneratedSecretSurvivesAnywhereInTheZip(@ForAll("secrets") Secrets x, @ForAll("spaces") String sp,
                                                   @ForAll("quotes") String q) throws IOException {
        Path tmp = Files.createTempDirectory("kw-secrets-");
        try {
            List<String> lines = logLines(x, sp, q);
            String harmless = "user " + USER + " key " + CERT + " db " + DB_PATH;
            String logText = harmless + "\n" + String.join("\n", lines.stream().map(l -> "2026-01-02 DEBUG " + l).toList())
                    + "\n" + harmless + "\n";
            Path data = tmp.resolve("data");
            Path logs = Files.createDirectories(data.resolve("logs"));
            Files.writeString(logs.resolve("keywatch.log"), logText);
            Path journal = Files.createDirectories(data.resolve("quarantine")).resolve("journal.jsonl");
            StringBuilder j = new StringBuilder();
            for (String l : lines) {
                j.append("{\"id\":\"x\",\"reason\":").append(com.fasterxml.jackson.jr.ob.JSON.std.asString(l))
                        .append("}\n");
            }
            Files.writeString(journal, j);
            Path bjca = Files.createDirectories(tmp.resolve("BJCA/log"));
            Files.write(bjca.resolve("xtx-gbk.log"), logText.getBytes(Charset.forName("GB18030")));
            Files.write(bjca.resolve("xtx-utf16.log"), logText.getBytes(StandardCharsets.UTF_16LE));
            Path axhost = Files.write(tmp.resolve("axhost.log"), logText.getBytes(StandardCharsets.UTF_8));

            Map<String, Object> user = new LinkedHashMap<>();
            user.put("nursingApp.command", command(x, sp));
            user.put("bjca.url", "ws://127.0.0.1:21051/xtxapp/?token=" + x.s());
            ConfigLoader.Result cfg = new ConfigLoader(Messages.forLanguage("en"))
                    .merge(List.of(new ConfigLoader.Layer("user.json", user)), lines);
            Path zip = tmp.resolve("diag.zip");
            new Diagnostics(Clock.systemUTC()).version("1").config(cfg.config(), cfg.problems()).dataDir(data)
                    .logDir(logs).zone(ZoneId.of("Asia/Shanghai"))
                    .bjcaLogs(List.of(new Diagnostics.LogSource("user-log", bjca),
                            new Diagnostics.LogSource("axhost", axhost)))
                    .write(zip);

            Map<String, String> entries = unzip(zip);
            assertThat(entries).containsKeys(Diagnostics.KEYWATCH, Diagnostics.KEYWATCH_LOG, Diagnostics.JOURNAL,
                    "bjca-logs/user-log.txt", "bjca-logs/axhost.txt");
            entries.forEach((name, text) -> {
                assertThat(text).as("%s must not hold %s", name, x.s()).doesNotContain(x.s());
                assertThat(text).as("%s must not hold %s", name, x.t()).doesNotContain(x.t());
            });
            for (String part : List.of(Diagnostics.KEYWATCH_LOG, "bjca-logs/user-log.txt", "bjca-logs/axhost.txt")) {
                assertThat(entries.get(part)).as(part).contains(harmless, "SOF_Login", "VerifyPIN");
            }
            assertThat(entries.get(Diagnostics.KEYWATCH)).contains("C:\\\\HIS\\\\nurse.exe", "--token", USER);
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

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
}
