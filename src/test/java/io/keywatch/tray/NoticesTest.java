package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.CheckResult;
import io.keywatch.core.Messages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which notification goes where, and that one check result is announced once, without a display. */
class NoticesTest {
    private final TrayTexts texts = new TrayTexts(Messages.forLanguage("en"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Balloon> balloons = new ArrayList<>();
    private final List<TrayApp.Shown> shown = new ArrayList<>();
    private boolean inTray;
    private final Notices notices = new Notices(texts, new ConsoleNotifier(new PrintStream(out, true,
            StandardCharsets.UTF_8)), () -> inTray, balloons::add);

    NoticesTest() {
        notices.addListener(shown::add);
    }

    @Test
    void inATrayANoticeIsABalloonAndTheConsoleStaysQuiet() {
        inTray = true;
        Balloon b = texts.trayBack();
        notices.show(b);
        assertThat(balloons).containsExactly(b);
        assertThat(console()).isEmpty();
        assertThat(shown).containsExactly(new TrayApp.Shown(b, true));
    }

    @Test
    void withoutATrayItIsAConsoleLineAndNoBalloonIsTried() {
        Balloon b = texts.noTray("there is no display");
        notices.show(b);
        assertThat(balloons).isEmpty();
        assertThat(console()).contains("KeyWatch [WARNING]").contains("there is no display");
        assertThat(shown).containsExactly(new TrayApp.Shown(b, false));
    }

    @Test
    void oneCheckResultIsAnnouncedOnceAndTheNextResultAgain() {
        inTray = true;
        CheckResult first = TrayFixtures.ok("张三");
        notices.announce(first);
        notices.announce(first);
        assertThat(balloons).hasSize(1);
        notices.announce(TrayFixtures.ok("张三"));
        assertThat(balloons).as("an equal but new result is a new check").hasSize(2);
    }

    @Test
    void aFailedCheckSaysClickInTheTrayAndTheCommandOnTheConsole() {
        inTray = true;
        notices.announce(TrayFixtures.failed());
        assertThat(balloons.get(0).text()).contains("Click here to repair");
        inTray = false;
        notices.announce(TrayFixtures.failed());
        assertThat(console()).contains("To repair, run: keywatch reset").doesNotContain("Click here");
    }

    @Test
    void anOfferInTheTrayIsAnnouncedThereAndCanBeAsked() {
        inTray = true;
        CheckResult failed = TrayFixtures.failed();
        assertThat(notices.offered(failed)).isTrue();
        notices.announce(failed); // the same result arriving as the key-arrival check
        assertThat(balloons).hasSize(1);
    }

    @Test
    void anOfferWithoutATrayIsPrintedOnceAndCannotBeAsked() {
        CheckResult failed = TrayFixtures.failed();
        assertThat(notices.offered(failed)).isFalse();
        assertThat(notices.offered(failed)).isFalse();
        notices.announce(failed);
        assertThat(console().split("Certificate environment check failed", -1)).as("printed once").hasSize(2);
        assertThat(console()).contains("keywatch reset");
        assertThat(balloons).isEmpty();
    }

    @Test
    void aRepairsRecheckIsNotAnnouncedAgainAsACheck() {
        inTray = true;
        CheckResult recheck = TrayFixtures.ok("张三");
        notices.repaired(recheck);
        notices.announce(recheck);
        assertThat(balloons).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromHearing() {
        List<TrayApp.Shown> later = new ArrayList<>();
        notices.addListener(s -> {
            throw new IllegalStateException("listener bug");
        });
        notices.addListener(later::add);
        notices.show(texts.trayBack());
        assertThat(shown).hasSize(1);
        assertThat(later).hasSize(1);
    }

    private String console() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
