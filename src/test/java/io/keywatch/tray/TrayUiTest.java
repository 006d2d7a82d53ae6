package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tray app in a real tray: Xvfb + trayer (XEmbed), the app in a child JVM on that display, driven
 * from outside with xdotool like a nurse would: key in, red icon and balloon, click, repair in the dialog,
 * green icon; menu "check now"; the tray host restarts and the icon comes back. Screenshots in both
 * languages land in target/screenshots/. Skipped, with the reason, where the X tools are missing.
 */
@Tag("ui")
class TrayUiTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Path LOGS = Path.of("target", "ui-logs");

    private XSession x;
    private TrayChild app;

    @BeforeEach
    void needsTools() {
        Optional<String> missing = XSession.missingTool();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "UI test skipped: '" + missing.orElseThrow()
                + "' is not on PATH (needs Xvfb, trayer, xdotool, imagemagick's import)");
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (x != null) {
            x.close();
        }
    }

    @ParameterizedTest(name = "ui.language={0}")
    @ValueSource(strings = {"zh", "en"})
    void nurseFlowInARealTray(String language) throws Exception {
        Messages m = Messages.forLanguage(language);
        x = XSession.start(LOGS.resolve(language));
        app = new TrayChild(x.display(), language, LOGS.resolve(language).resolve("app.log"));

        // The icon docks in trayer: the child says so, and its embedded window is there.
        app.awaitReply("state?", r -> r.contains("inTray=true"));
        XSession.awaitTrue("the tray icon window", () -> x.trayIconWindow().isPresent());
        Rectangle icon = x.trayIconWindow().orElseThrow();
        Rectangle panel = x.geometry("--onlyvisible", "--classname", "^panel$").orElseThrow();
        assertThat(panel.contains(icon.x, icon.y)).as("icon %s inside trayer's panel %s", icon, panel).isTrue();
        assertThat(app.ask("font?")).as("menu font draws every label").endsWith(" -1");
        shot(language, "1-waiting-for-key");

        // A key with a carried-over db: red icon and the "click to repair" balloon, shown in the tray.
        assertThat(app.ask("carryover")).isEqualTo("ok");
        assertThat(app.ask("insert 张三")).isEqualTo("ok");
        app.awaitReply("state?", r -> r.startsWith("state FAILED"));
        app.awaitReply("balloons?", r -> !r.equals("balloons 0"));
        String failedBalloon = app.ask("balloon? 0");
        assertThat(failedBalloon).startsWith("balloon true ERROR " + m.get("tray.balloon.failed.title"))
                .contains("2023-11-15");
        Path failedShot = balloonShot(language, "2-check-failed-balloon", icon);
        assertThat(XSession.pixelsNear(failedShot, icon, StateIcons.RED)).as("red icon in the tray").isGreaterThan(30);

        // Clicking the balloon (en) or the icon (zh) opens the repair dialog; "repair only" from outside.
        int balloonsBefore = count(app.ask("balloons?"));
        if (language.equals("en")) {
            x.xdotool("mousemove", String.valueOf(icon.x - 150), String.valueOf(icon.y + icon.height + 30), "click", "1");
        } else {
            x.xdotool("mousemove", String.valueOf(icon.x + 5), String.valueOf(icon.y + 4), "click", "1");
        }
        app.awaitReply("dialog?", r -> r.equals("dialog true"));
        // The button's screen position: the dialog window where the X server has it, plus the button's
        // place inside the dialog. AWT's own idea of the screen position can lag behind the server's
        // (it learns of the move later, sometimes only when the next event comes), so it is not asked.
        String[][] xy = {null};
        String dialogTitle = "^" + m.get("tray.dialog.title") + "$";
        x.screenshotWhenPainted(SCREENSHOTS, language + "-3-repair-dialog", () -> {
            String inDialog = app.ask("button-in-dialog? REPAIR");
            Optional<Rectangle> dialog = x.geometry("--onlyvisible", "--name", dialogTitle);
            if (!inDialog.matches("button \\d+ \\d+") || dialog.isEmpty()) {
                return Optional.empty();
            }
            String[] rel = inDialog.split(" ");
            int bx = dialog.get().x + Integer.parseInt(rel[1]);
            int by = dialog.get().y + Integer.parseInt(rel[2]);
            xy[0] = new String[] {"button", String.valueOf(bx), String.valueOf(by)};
            return Optional.of(new Rectangle(bx - 250, by - 80, 500, 100));
        }, 20000);
        x.xdotool("mousemove", xy[0][1], xy[0][2], "click", "1");
        app.awaitReply("state?", r -> r.startsWith("state OK"));
        app.awaitReply("dialog?", r -> r.equals("dialog false"));
        app.awaitReply("balloons?", r -> count(r) > balloonsBefore);
        assertThat(app.ask("balloon? " + balloonsBefore))
                .startsWith("balloon true INFO " + m.get("tray.balloon.repaired.title")).contains("张三");
        Path okShot = balloonShot(language, "4-repaired-balloon", icon);
        assertThat(XSession.pixelsNear(okShot, icon, StateIcons.GREEN)).as("green icon in the tray").isGreaterThan(30);
        assertThat(XSession.pixelsNear(okShot, icon, StateIcons.RED)).as("no red left").isLessThan(5);

        // The menu: right-click the icon, a menu window appears; the first item is "check now".
        long checks = checks();
        int balloonsBeforeMenu = count(app.ask("balloons?"));
        Set<String> before = new HashSet<>(x.windows("--onlyvisible", "--classname", "TrayTestMain"));
        x.xdotool("mousemove", String.valueOf(icon.x + 5), String.valueOf(icon.y + 4), "click", "3");
        XSession.awaitTrue("the tray menu window", () -> menuWindow(before).isPresent());
        x.screenshotWhenPainted(SCREENSHOTS, language + "-5-menu",
                () -> menuWindow(before).flatMap(x::windowGeometry), 10000);
        x.xdotool("key", "Down", "Return");
        XSession.awaitTrue("'check now' to run a check", () -> checks() > checks);
        app.awaitReply("balloons?", r -> count(r) > balloonsBeforeMenu);
        assertThat(app.ask("balloon? " + balloonsBeforeMenu)).startsWith("balloon true INFO "
                + m.get("tray.balloon.ok.title", "张三"));

        // The tray host goes away: console fallback; it comes back: the icon is docked again.
        x.stopTrayer();
        app.awaitReply("state?", r -> r.contains("inTray=false"));
        assertThat(app.ask("searching?")).isEqualTo("searching true");
        x.startTrayer();
        app.awaitReply("state?", r -> r.contains("inTray=true"));
        XSession.awaitTrue("the tray icon window after the restart", () -> x.trayIconWindow().isPresent());
        Rectangle iconAgain = x.trayIconWindow().orElseThrow();
        // Wait until the icon is actually painted green in the new trayer, not merely docked.
        Path[] restarted = {null};
        XSession.awaitTrue("the green icon painted in the restarted tray", () -> {
            try {
                restarted[0] = shot(language, "6-tray-host-restarted");
                return XSession.pixelsNear(restarted[0], iconAgain, StateIcons.GREEN) > 30;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(app.ask("searching?")).as("no polling while the icon is shown").isEqualTo("searching false");
    }

    /** The balloon opens below and left of the icon; wait until it is painted there. */
    private Path balloonShot(String language, String name, Rectangle icon) throws Exception {
        Rectangle below = new Rectangle(icon.x - 500, icon.y + icon.height + 4, 520, 60);
        return x.screenshotWhenPainted(SCREENSHOTS, language + "-" + name, () -> Optional.of(below), 12000);
    }

    @org.junit.jupiter.api.Test
    void theIconAppearsWhenATrayHostStartsAfterTheApp() throws Exception {
        x = XSession.start(LOGS.resolve("late-tray"), false);
        app = new TrayChild(x.display(), "en", LOGS.resolve("late-tray").resolve("app.log"));
        app.awaitReply("balloons?", r -> !r.equals("balloons 0"));
        assertThat(app.ask("balloon? 0")).as("says why there is no icon, on the console")
                .startsWith("balloon false WARNING KeyWatch runs without a tray icon");
        assertThat(app.ask("state?")).contains("inTray=false");
        assertThat(app.ask("searching?")).isEqualTo("searching true");

        x.startTrayer();
        app.awaitReply("state?", r -> r.contains("inTray=true"));
        XSession.awaitTrue("the tray icon window", () -> x.trayIconWindow().isPresent());
        assertThat(app.ask("searching?")).isEqualTo("searching false");
        Rectangle icon = x.trayIconWindow().orElseThrow();
        XSession.awaitTrue("the grey waiting icon painted", () -> {
            try {
                return XSession.pixelsNear(shot("en", "7-tray-host-started-late"), icon, StateIcons.GREY) > 10;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private Optional<String> menuWindow(Set<String> before) {
        List<String> now = x.windows("--onlyvisible", "--classname", "TrayTestMain");
        for (String id : now) {
            if (!before.contains(id)) {
                Optional<Rectangle> g = x.windowGeometry(id);
                if (g.isPresent() && g.get().height > 100) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    private long checks() {
        String r = app.ask("checks?");
        return Long.parseLong(r.substring("checks ".length()));
    }

    private static int count(String reply) {
        return Integer.parseInt(reply.substring(reply.indexOf(' ') + 1));
    }

    private Path shot(String language, String name) throws Exception {
        return x.screenshot(SCREENSHOTS, language + "-" + name);
    }
}
