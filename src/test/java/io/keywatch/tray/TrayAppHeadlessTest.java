package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.KeyPresence;
import io.keywatch.core.ManualScheduler;
import io.keywatch.core.Messages;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.platform.Autostart;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No display: the tray app keeps running, says why, and prints what the balloons would have said. */
class TrayAppHeadlessTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeBjca bjca = new FakeBjca(Clock.fixed(TrayFixtures.NOW, ZoneOffset.UTC));
    private final List<List<String>> launched = new ArrayList<>();
    private final TrayRepairPrompt prompt = new TrayRepairPrompt();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final List<TrayApp.Shown> shown = new CopyOnWriteArrayList<>();
    private Watchdog watchdog;
    private TrayApp app;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(GraphicsEnvironment.isHeadless(),
                "this test needs a headless JVM (java.awt.headless=true or no DISPLAY)");
        watchdog = new Watchdog(new BjcaEnvironment(bjca.client(), bjca.store(), Clock.fixed(TrayFixtures.NOW,
                ZoneOffset.UTC)), scheduler, prompt, launched::add,
                new Watchdog.Settings(ResetPolicy.ASK, List.of("nursing.exe"), Duration.ofSeconds(1)));
        app = TrayApp.withConsole(watchdog, Messages.forLanguage("en"), new NoActions(), prompt,
                new PrintStream(console, true, StandardCharsets.UTF_8));
        app.addShownListener(shown::add);
        app.start();
        settle();
    }

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void saysWhyThereIsNoTrayAndDoesNotPoll() throws Exception {
        assertThat(app.inTray()).isFalse();
        assertThat(app.noTrayReason()).contains("there is no display");
        assertThat(out()).contains("KeyWatch runs without a tray icon").contains("there is no display");
        assertThat(onEdt(app::searchingForTray)).as("a headless JVM never gets a tray: no timer").isFalse();
    }

    @Test
    void aFailedKeyCheckIsPrintedOnceWithTheConsoleHintAndTheQuestionIsNotLeftOpen() throws Exception {
        bjca.carryOverDb();
        bjca.insertKey("张三");
        watchdog.keyChanged(KeyPresence.PRESENT, "test");
        settle();
        assertThat(app.shownState()).isEqualTo(WatchState.FAILED);
        String out = out();
        assertThat(out).contains("Certificate environment check failed").contains("keywatch reset")
                .doesNotContain("Click here");
        assertThat(out.split("Certificate environment check failed", -1)).as("announced once").hasSize(2);
        assertThat(prompt.pending()).as("nobody can answer without a tray: the offer is cancelled").isEmpty();
        assertThat(shown).allSatisfy(s -> assertThat(s.inTray()).isFalse());
    }

    @Test
    void launchThroughTheGateDoesNotHangWithoutATray() throws Exception {
        bjca.carryOverDb();
        bjca.insertKey("张三");
        CompletableFuture<WatchdogEvent.Launched> f = watchdog.launch();
        settle();
        assertThat(f).isDone();
        assertThat(f.get().started()).isFalse();
        assertThat(f.get().blockedBy()).isPresent();
        assertThat(launched).isEmpty();
        assertThat(out()).contains("Nursing app not started");
    }

    @Test
    void repairOutcomeAndRefusalAreReported() throws Exception {
        bjca.carryOverDb();
        bjca.insertKey("张三");
        watchdog.keyChanged(KeyPresence.PRESENT, "test");
        settle();
        bjca.lockDb(true);
        watchdog.repair(false);
        settle();
        assertThat(out()).contains("Nothing was changed").contains("in use by another program");
        bjca.lockDb(false);
        watchdog.repair(true);
        settle();
        assertThat(app.shownState()).isEqualTo(WatchState.OK);
        assertThat(out()).contains("Certificate environment repaired").contains("张三").contains("Nursing app started");
        assertThat(launched).containsExactly(List.of("nursing.exe"));
    }

    @Test
    void checkNowAnnouncesItsResultOnceEvenWithoutAKeyArrival() throws Exception {
        bjca.insertKey("张三");
        EventQueue.invokeAndWait(app::checkNow);
        settle();
        assertThat(out().split("Key recognised: 张三", -1)).as("announced once").hasSize(2);
    }

    @Test
    void undoBringsTheDbBackAndSaysSoAndWithNothingToUndoSaysThat() throws Exception {
        EventQueue.invokeAndWait(app::undo);
        settle();
        assertThat(out()).contains("Nothing was changed").contains("There is no repair to undo.");
        bjca.carryOverDb();
        bjca.insertKey("张三");
        watchdog.repair(false);
        settle();
        EventQueue.invokeAndWait(app::undo);
        settle();
        assertThat(out()).contains("Repair undone").contains("bjca_softkey.db is back in its place.");
        assertThat(app.shownState()).as("the old db is back, so the check fails again").isEqualTo(WatchState.FAILED);
    }

    @Test
    void afterCloseNothingMoreIsPrinted() throws Exception {
        app.close();
        int before = out().length();
        bjca.insertKey("张三");
        watchdog.keyChanged(KeyPresence.PRESENT, "test");
        settle();
        assertThat(out()).hasSize(before);
    }

    /** Runs the watchdog's queue and the event thread until both are quiet (callbacks bounce between them). */
    private void settle() throws Exception {
        for (int i = 0; i < 5; i++) {
            scheduler.runPending();
            EventQueue.invokeAndWait(() -> { });
        }
        scheduler.advance(Duration.ofSeconds(2));
        EventQueue.invokeAndWait(() -> { });
    }

    private String out() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private static <T> T onEdt(java.util.function.Supplier<T> s) throws Exception {
        Object[] r = {null};
        EventQueue.invokeAndWait(() -> r[0] = s.get());
        @SuppressWarnings("unchecked")
        T t = (T) r[0];
        return t;
    }

    private static final class NoActions implements TrayActions {
        @Override
        public Path logFolder() {
            return Path.of("logs");
        }

        @Override
        public Optional<Autostart> autostart() {
            return Optional.empty();
        }

        @Override
        public List<String> autostartCommand() {
            return List.of("keywatch");
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void exit() {
        }
    }
}
