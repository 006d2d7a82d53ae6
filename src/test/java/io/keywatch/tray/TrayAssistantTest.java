package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.assistant.AssistantLocator;
import io.keywatch.assistant.AssistantPath;
import io.keywatch.bjca.XtxClients;
import io.keywatch.core.AssistantStarter;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.ExecutorScheduler;
import io.keywatch.core.Messages;
import io.keywatch.core.RepairChoice;
import io.keywatch.core.ResetPolicy;
import io.keywatch.core.ResetReport;
import io.keywatch.core.WatchState;
import io.keywatch.core.Watchdog;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.XtxClient;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.DbRebuild;
import io.keywatch.sim.SimulatedAssistant;
import io.keywatch.softkey.SoftkeyDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tray's next step after a failed re-check: a real watchdog over the real simulator, a fake elevation and view. */
@Timeout(60)
class TrayAssistantTest {
    static final List<String> AIDE = List.of("C:\\BJCA\\BjcaCertAide\\Aide.exe");
    final Messages m = Messages.of(Locale.ENGLISH, ZoneOffset.UTC);

    @TempDir
    Path tmp;
    BjcaSimulator sim;
    XtxClient client;
    ExecutorScheduler scheduler;
    Watchdog watchdog;
    final List<List<String>> launched = new CopyOnWriteArrayList<>();

    /** Records what the nurse would see. */
    static final class FakeView implements TrayAssistant.View {
        String situation;
        String offer;
        Runnable start;
        String waiting;
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        boolean ok;

        @Override
        public void offer(String situation, String offer, Runnable start) {
            this.situation = situation;
            this.offer = offer;
            this.start = start;
        }

        @Override
        public void waiting(String text) {
            waiting = text;
        }

        @Override
        public void outcome(String text, boolean ok) {
            this.ok = ok;
            outcome.complete(text);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Path bjca = Files.createDirectories(tmp.resolve("BJCA"));
        sim = new BjcaSimulator(bjca, "NURSE-PC").start();
        sim.rebuild(DbRebuild.ASSISTANT);
        BjcaSimulator.writeForeignDb(bjca, "IMAGE-PC", Instant.parse("2023-11-15T00:00:00Z"));
        client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(5), false);
        SoftkeyDb db = SoftkeyDb.inSandbox(sim.dbFile(), bjca, tmp.resolve("data"), Optional::empty,
                BjcaSimulator::recordedCreation, Clock.systemUTC());
        scheduler = new ExecutorScheduler("test-watchdog");
        watchdog = new Watchdog(new BjcaEnvironment(client, db, Clock.systemUTC()), scheduler,
                failed -> CompletableFuture.completedFuture(RepairChoice.CANCEL), launched::add,
                new Watchdog.Settings(ResetPolicy.ASK, List.of("nursing-app.exe"), Duration.ofMillis(50)));
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        client.close();
        sim.close();
    }

    private ResetReport repairThatStillFails() throws Exception {
        CompletableFuture<WatchdogEvent.Repaired> event = new CompletableFuture<>();
        watchdog.addListener(ev -> {
            if (ev instanceof WatchdogEvent.Repaired r) {
                event.complete(r);
            }
        });
        watchdog.repair(true).get(10, TimeUnit.SECONDS);
        WatchdogEvent.Repaired r = event.get(10, TimeUnit.SECONDS);
        assertThat(TrayAssistant.calledFor(r)).contains(r.report());
        return r.report();
    }

    private TrayAssistant assistant(AssistantStarter starter, FakeView view) {
        return new TrayAssistant(watchdog, m, new AssistantPath(() -> new AssistantLocator.Found(AIDE, "config"),
                starter, sim.dbFile(), Duration.ofMinutes(5)), () -> view);
    }

    @Test
    void afterTheAssistantRebuiltTheIconTurnsGreenAndTheNursingAppStarts() throws Exception {
        ResetReport report = repairThatStillFails();
        assertThat(launched).as("blocked while BJCA says false").isEmpty();
        FakeView view = new FakeView();
        CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
        TrayAssistant a = assistant(command -> {
            new Thread(() -> {
                SimulatedAssistant.run(new String[] {"--bjca-folder", sim.bjcaFolder().toString(), "--machine-id", "NURSE-PC"});
                exit.complete(OptionalInt.of(0));
            }).start();
            return () -> exit;
        }, view);

        a.offer(report, true);
        assertThat(view.situation).contains("BJCA has not rebuilt its certificate environment yet");
        assertThat(view.offer).contains(AIDE.get(0));
        view.start.run();

        assertThat(view.outcome.get(30, TimeUnit.SECONDS)).contains("the check passes");
        assertThat(view.ok).isTrue();
        assertThat(view.waiting).contains("up to 5 minutes");
        assertThat(launched).containsExactly(List.of("nursing-app.exe"));
        assertThat(watchdog.status().state()).isEqualTo(WatchState.OK);
    }

    @Test
    void theNurseCancellingTheElevationGetsOneSentenceAndNothingStarts() throws Exception {
        ResetReport report = repairThatStillFails();
        FakeView view = new FakeView();
        TrayAssistant a = assistant(command -> {
            throw new AssistantStarter.Cancelled("declined");
        }, view);
        a.offer(report, true);
        view.start.run();
        assertThat(view.outcome.get(30, TimeUnit.SECONDS)).startsWith("The administrator prompt was declined");
        assertThat(view.ok).isFalse();
        assertThat(launched).isEmpty();
        assertThat(watchdog.status().lastCheck().orElseThrow().status()).isEqualTo(CheckStatus.FAILED);
    }

    @Test
    void withoutAnAssistantTheDialogGuidesAndOffersNothingToStart() throws Exception {
        ResetReport report = repairThatStillFails();
        FakeView view = new FakeView();
        new TrayAssistant(watchdog, m, new AssistantPath(() -> new AssistantLocator.Missing("assistant.missing.noExe",
                List.of("C:\\BJCA\\BjcaCertAide")), command -> {
                    throw new AssertionError("nothing to start");
                }, sim.dbFile(), Duration.ofMinutes(5)), () -> view).offer(report, true);
        assertThat(view.start).isNull();
        assertThat(view.offer).contains("There is no program (.exe) in C:\\BJCA\\BjcaCertAide.")
                .contains("IT can set bjca.assistantCommand");
    }

    @Test
    void aRepairThatPassedCallsForNothing() throws Exception {
        sim.rebuild(DbRebuild.COMPONENT);
        CompletableFuture<WatchdogEvent> event = new CompletableFuture<>();
        watchdog.addListener(ev -> {
            if (ev instanceof WatchdogEvent.Repaired) {
                event.complete(ev);
            }
        });
        watchdog.repair(false).get(10, TimeUnit.SECONDS);
        assertThat(TrayAssistant.calledFor(event.get(10, TimeUnit.SECONDS))).isEmpty();
    }
}
