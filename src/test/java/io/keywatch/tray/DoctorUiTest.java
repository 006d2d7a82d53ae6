package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.Messages;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The doctor in a real tray (Xvfb + trayer): a key with an expired certificate goes in, the balloon
 * names the cause in a sentence and the icon is red although BJCA's own check passes; the "check the
 * environment" window lists every check. Screenshots in target/screenshots/ (doctor-*).
 */
@Tag("ui")
class DoctorUiTest {
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
    void anExpiredCertificateIsNamedInTheBalloonAndTheWindow(String language) throws Exception {
        Messages m = Messages.forLanguage(language);
        Path logs = TrayUiTest.LOGS.resolve("doctor-" + language);
        x = XSession.start(logs);
        app = new TrayChild(x.display(), language, logs.resolve("app.log"));
        app.awaitReply("state?", r -> r.contains("inTray=true"));
        XSession.awaitTrue("the tray icon window", () -> x.trayIconWindow().isPresent());
        Rectangle icon = x.trayIconWindow().orElseThrow();

        assertThat(app.ask("cause cert-expired")).isEqualTo("ok");
        assertThat(app.ask("insert 张三")).isEqualTo("ok");
        app.awaitReply("balloons?", r -> !r.equals("balloons 0"));
        String balloon = app.ask("balloon? 0");
        assertThat(balloon).startsWith("balloon true ERROR " + m.get("tray.balloon.cause.fail.title", "张三"));
        assertThat(balloon).contains(language.equals("zh") ? "过期，请联系信息科更新" : "expired on");
        app.awaitReply("state?", r -> r.startsWith("state OK"));
        Rectangle below = new Rectangle(icon.x - 500, icon.y + icon.height + 4, 520, 80);
        Path shot = x.screenshotWhenPainted(TrayUiTest.SCREENSHOTS, "doctor-" + language + "-1-cause-balloon",
                () -> Optional.of(below), 12000);
        assertThat(XSession.pixelsNear(shot, icon, StateIcons.RED)).as("red icon: the key will not work").isGreaterThan(30);

        assertThat(app.ask("doctor")).isEqualTo("ok");
        app.awaitReply("doctor?", r -> r.equals("doctor ready cert.validity"));
        String title = "^" + m.get("tray.doctor.title") + "$";
        XSession.awaitTrue("the doctor window", () -> x.geometry("--onlyvisible", "--name", title).isPresent());
        x.screenshotWhenPainted(TrayUiTest.SCREENSHOTS, "doctor-" + language + "-2-window",
                () -> x.geometry("--onlyvisible", "--name", title), 40000);
    }
}
