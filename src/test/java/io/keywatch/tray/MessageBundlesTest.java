package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.Messages;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Format;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bundle key (all areas, not only the tray) exists in both languages with the same placeholders,
 * and every tray balloon for realistic inputs fits Windows' limits without being cut.
 */
class MessageBundlesTest {
    static final String EN = "/i18n/messages.properties";
    static final String ZH = "/i18n/messages_zh.properties";

    @Test
    void bothBundlesHaveExactlyTheSameKeys() throws IOException {
        Set<String> en = load(EN).keySet();
        Set<String> zh = load(ZH).keySet();
        Set<String> missingInZh = new TreeSet<>(en);
        missingInZh.removeAll(zh);
        Set<String> missingInEn = new TreeSet<>(zh);
        missingInEn.removeAll(en);
        assertThat(missingInZh).as("keys in messages.properties missing from messages_zh.properties").isEmpty();
        assertThat(missingInEn).as("keys in messages_zh.properties missing from messages.properties").isEmpty();
        assertThat(en).as("bundle is not empty").hasSizeGreaterThan(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {EN, ZH})
    void noKeyIsDefinedTwiceOrLeftBlank(String bundle) throws IOException {
        List<String> seen = new ArrayList<>();
        Set<String> duplicates = new TreeSet<>();
        for (String line : text(bundle).split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("!")) {
                continue;
            }
            String key = l.split("\\s*[=:]", 2)[0].strip();
            if (seen.contains(key)) {
                duplicates.add(key);
            }
            seen.add(key);
        }
        assertThat(duplicates).as("keys defined twice in %s (the later one silently wins)", bundle).isEmpty();
        load(bundle).forEach((k, v) -> assertThat(v).as("%s in %s", k, bundle).isNotBlank());
    }

    @Test
    void placeholdersMatchBetweenLanguagesAndPatternsParse() throws IOException {
        Map<String, String> en = load(EN);
        Map<String, String> zh = load(ZH);
        List<String> problems = new ArrayList<>();
        for (String key : en.keySet()) {
            if (!zh.containsKey(key)) {
                continue; // reported by the key test
            }
            Set<Integer> a = placeholders(en.get(key));
            Set<Integer> b = placeholders(zh.get(key));
            if (!a.equals(b)) {
                problems.add(key + ": en uses " + a + ", zh uses " + b);
            }
            for (String pattern : List.of(en.get(key), zh.get(key))) {
                if (!a.isEmpty()) {
                    try {
                        Format[] formats = new MessageFormat(pattern).getFormatsByArgumentIndex();
                        if (formats.length != a.stream().mapToInt(i -> i).max().orElse(-1) + 1) {
                            problems.add(key + ": a quote hides a placeholder in '" + pattern + "'");
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add(key + ": not a valid MessageFormat pattern: " + e.getMessage());
                    }
                    if (pattern.replace("''", "").contains("'")) {
                        problems.add(key + ": single quote in a pattern with arguments (write '' for ')");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void keysTheTrayBuildsAtRunTimeExist(String language) {
        Messages m = Messages.forLanguage(language);
        for (WatchState s : WatchState.values()) {
            assertThat(m.get("tray.state." + s.name())).doesNotStartWith("!");
        }
        for (SoftkeyException.Reason r : SoftkeyException.Reason.values()) {
            assertThat(m.get("tray.refused." + r.name())).doesNotStartWith("!");
        }
        assertThat(m.get("tray.refused.UNKNOWN")).doesNotStartWith("!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void everyBalloonForRealisticInputsFitsTheWindowsLimitsUncut(String language) {
        Messages m = Messages.forLanguage(language);
        TrayTexts t = new TrayTexts(m);
        Map<String, Balloon> balloons = new LinkedHashMap<>();
        for (String user : TrayFixtures.USERS) {
            CheckResult ok = TrayFixtures.ok(user);
            balloons.put("ok " + user, t.forCheck(ok));
            balloons.put("repaired " + user, t.repaired(TrayFixtures.report(ok)));
            for (WatchState s : WatchState.values()) {
                balloons.put("status " + s + " " + user, t.status(TrayFixtures.status(s, ok)));
                String tooltip = t.tooltip(TrayFixtures.status(s, ok));
                assertThat(tooltip.length()).as("tooltip %s %s", s, user).isLessThanOrEqualTo(BalloonText.TOOLTIP_MAX);
                assertThat(tooltip).as("tooltip %s %s is not cut", s, user).doesNotEndWith(BalloonText.ELLIPSIS);
            }
        }
        int i = 0;
        for (Diagnosis d : TrayFixtures.diagnoses()) {
            CheckResult failed = TrayFixtures.check(CheckStatus.FAILED, d, "阿卜杜热依木·买买提艾力", null);
            balloons.put("failed " + d.verdict() + i, t.forCheck(failed));
            balloons.put("failed console " + d.verdict() + i, t.forCheckOnConsole(failed));
            balloons.put("no help " + d.verdict() + i, t.repaired(TrayFixtures.report(failed)));
            balloons.put("blocked " + d.verdict() + i, t.launched(new WatchdogEvent.Launched(
                    TrayFixtures.status(WatchState.FAILED, failed), Optional.empty(), Optional.of(failed))));
            balloons.put("status failed " + d.verdict() + i, t.status(TrayFixtures.status(WatchState.FAILED, failed)));
            i++;
        }
        for (String reason : TrayFixtures.REASONS) {
            for (CheckStatus s : List.of(CheckStatus.UNAVAILABLE, CheckStatus.TIMEOUT)) {
                CheckResult r = TrayFixtures.check(s, TrayFixtures.carriedOver(), null, reason);
                balloons.put(s + " " + reason, t.forCheck(r));
                balloons.put("recheck " + s + " " + reason, t.repaired(TrayFixtures.report(r)));
            }
        }
        String lockedDetail = TrayFixtures.DB + " is used by another process";
        for (SoftkeyException.Reason r : SoftkeyException.Reason.values()) {
            balloons.put("refused " + r, t.refused(r, lockedDetail));
        }
        balloons.put("launch error", t.launched(new WatchdogEvent.Launched(TrayFixtures.status(WatchState.OK,
                TrayFixtures.ok("张三")), Optional.of("Cannot run program \"C:\\Program Files (x86)\\移动护理\\移动护理.exe\": "
                + "CreateProcess error=2, 系统找不到指定的文件。"), Optional.empty())));
        balloons.put("launched", t.launched(new WatchdogEvent.Launched(TrayFixtures.status(WatchState.OK,
                TrayFixtures.ok("张三")), Optional.empty(), Optional.empty())));
        balloons.put("undone", t.undone(TrayFixtures.entry()));
        balloons.put("no tray", t.noTray(m.get("tray.noTray.error", "java.awt.AWTException: The system tray is not "
                + "available")));
        balloons.put("tray back", t.trayBack());
        balloons.put("logs", t.logFolder(Path.of("C:", "Users", "nurse.station01", "AppData", "Local", "KeyWatch",
                "logs")));
        balloons.put("about", t.about("0.1.0"));
        balloons.put("waiting", t.status(new WatchdogStatus(WatchState.WAITING_FOR_KEY, false, Optional.empty(),
                Optional.empty(), TrayFixtures.NOW)));

        List<String> tooLong = new ArrayList<>();
        balloons.forEach((what, b) -> {
            if (b.shortened()) {
                tooLong.add(what + ": \"" + b.title() + "\" / \"" + b.text() + "\"");
            }
            assertThat(b.title().length()).isLessThanOrEqualTo(BalloonText.TITLE_MAX);
            assertThat(b.text().length()).isLessThanOrEqualTo(BalloonText.TEXT_MAX);
            assertThat(b.title() + b.text()).as(what).doesNotContain("!tray.");
        });
        assertThat(tooLong).as("balloons that had to be cut to fit Windows' limits (%d title, %d text)",
                BalloonText.TITLE_MAX, BalloonText.TEXT_MAX).isEmpty();
    }

    private static Set<Integer> placeholders(String pattern) {
        Set<Integer> out = new TreeSet<>();
        Matcher mm = Pattern.compile("\\{(\\d+)[,}]").matcher(pattern);
        while (mm.find()) {
            out.add(Integer.parseInt(mm.group(1)));
        }
        return out;
    }

    private static Map<String, String> load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.forEach((k, v) -> m.put((String) k, (String) v));
        return m;
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
