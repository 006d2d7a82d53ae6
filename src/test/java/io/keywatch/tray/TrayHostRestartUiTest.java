package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tray host goes away and comes back, again and again, with a balloon on screen each time (as
 * when Windows Explorer restarts, or the X panel is restarted): the icon comes back every time, the
 * event thread and the watchdog keep answering, and nothing polls once the icon is shown again. A
 * child that stops answering fails with its thread dump next to its log (see {@link TrayChild}).
 */
@Tag("ui")
class TrayHostRestartUiTest {
    static final int ROUNDS = Integer.getInteger("keywatch.test.hostRestarts", 4);

    private XSession x;
    private TrayChild app;

    @BeforeEach
    void needsTools() {
        Optional<String> missing = XSession.missingTool();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "UI test skipped: '" + missing.orElseThrow()
                + "' is not on PATH (needs Xvfb, trayer, xdotool, imagemagick's import)");
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (x != null) {
            x.close();
        }
    }

    @Test
    void theIconComesBackAfterEveryTrayHostRestartAndTheAppKeepsAnswering() throws Exception {
        Path logs = TrayUiTest.LOGS.resolve("host-restarts");
        x = XSession.start(logs);
        app = new TrayChild(x.display(), "en", logs.resolve("app.log"));
        app.awaitReply("state?", r -> r.contains("inTray=true"));
        assertThat(app.ask("insert 张三")).isEqualTo("ok");
        app.awaitReply("state?", r -> r.startsWith("state OK"));

        for (int round = 1; round <= ROUNDS; round++) {
            String n = "round " + round + ": ";
            int before = count(app.ask("balloons?"));
            assertThat(app.ask("show")).isEqualTo("ok"); // a balloon is up when the host goes
            app.awaitReply("balloons?", r -> count(r) > before);
            long checks = checks();

            x.stopTrayer();
            app.awaitReply("state?", r -> r.contains("inTray=false"));
            assertThat(app.ask("searching?")).as(n + "the event thread answers, looking for a host")
                    .isEqualTo("searching true");
            assertThat(app.ask("checknow")).isEqualTo("ok");
            XSession.awaitTrue(n + "the watchdog checks without a tray", () -> checks() > checks);

            x.startTrayer();
            app.awaitReply("state?", r -> r.contains("inTray=true") && r.startsWith("state OK"));
            XSession.awaitTrue(n + "the icon window in the new host", () -> x.trayIconWindow().isPresent());
            assertThat(app.ask("searching?")).as(n + "no polling while the icon is shown")
                    .isEqualTo("searching false");
        }
        // AWT's tray race (see UncaughtExceptions) happens in some rounds, not all: reported, not asserted.
        System.out.println("TrayHostRestartUiTest: AWT tray races caught in " + ROUNDS + " host restarts: "
                + app.ask("races?"));
        assertThat(app.errors()).as("nothing uncaught printed raw (AWT's tray race goes to the log)")
                .doesNotContain("Exception in thread");
        Rectangle icon = x.trayIconWindow().orElseThrow();
        XSession.awaitTrue("the green icon painted in the last host", () -> {
            try {
                Path shot = x.screenshot(TrayUiTest.SCREENSHOTS, "en-8-after-" + ROUNDS + "-host-restarts");
                return XSession.pixelsNear(shot, icon, StateIcons.GREEN) > 30;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private long checks() {
        String r = app.ask("checks?");
        return Long.parseLong(r.substring("checks ".length()));
    }

    private static int count(String reply) {
        return Integer.parseInt(reply.substring(reply.indexOf(' ') + 1));
    }
}
