package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.assistant.AssistantLocator;
import io.keywatch.assistant.AssistantPath;
import io.keywatch.bjca.XtxClients;
import io.keywatch.core.AssistantStarter;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.Messages;
import io.keywatch.core.XtxClient;
import io.keywatch.sim.BjcaSimulator;
import io.keywatch.sim.DbRebuild;
import io.keywatch.sim.SimulatedAssistant;
import io.keywatch.softkey.SoftkeyDb;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The terminal's side of the assistant path against the real simulator, with a fake elevation. */
@Timeout(60)
class AssistantCliTest {
    static final List<String> AIDE = List.of("C:\\BJCA\\BjcaCertAide\\Aide.exe");
    final Messages m = Messages.of(Locale.ENGLISH, java.time.ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Path bjca;
    BjcaSimulator sim;
    XtxClient client;
    BjcaEnvironment env;
    final StringWriter text = new StringWriter();
    final PrintWriter out = new PrintWriter(text, true);
    final List<List<String>> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        bjca = Files.createDirectories(tmp.resolve("BJCA"));
        sim = new BjcaSimulator(bjca, "NURSE-PC").start();
        sim.rebuild(DbRebuild.ASSISTANT);
        BjcaSimulator.writeForeignDb(bjca, "IMAGE-PC", Instant.parse("2023-11-15T00:00:00Z"));
        client = XtxClients.open("websocket", sim.webSocketUrl(), Duration.ofSeconds(5), false);
        SoftkeyDb db = SoftkeyDb.inSandbox(sim.dbFile(), bjca, tmp.resolve("data"), Optional::empty,
                BjcaSimulator::recordedCreation, Clock.systemUTC());
        env = new BjcaEnvironment(client, db, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        client.close();
        sim.close();
    }

    private AssistantPath path(AssistantStarter starter) {
        return new AssistantPath(() -> new AssistantLocator.Found(AIDE, "config"), starter, sim.dbFile(),
                Duration.ofMinutes(5));
    }

    private CheckResult resetAndRecheck() throws Exception {
        CheckResult r = env.reset("test").recheck();
        assertThat(r.status()).isEqualTo(CheckStatus.FAILED);
        return r;
    }

    @Test
    void theNurseCancellingTheElevationGetsAClearSentenceAndTheCheckStillFails() throws Exception {
        AssistantStarter declining = command -> {
            started.add(command);
            throw new AssistantStarter.Cancelled("the administrator prompt for '" + command.get(0) + "' was declined");
        };
        AssistantCli.Result r = AssistantCli.offerAndRun(m, path(declining), resetAndRecheck(), true, null, out, env::check);

        assertThat(r.finalCheck().status().exitCode()).isEqualTo(1);
        assertThat(r.outcome().orElseThrow().kind()).isEqualTo(AssistantPath.Kind.CANCELLED);
        assertThat(text.toString()).contains("The administrator prompt was declined, so BJCA's assistant ("
                + AIDE.get(0) + ") did not start; nothing else changed.");
        assertThat(started).containsExactly(AIDE);
        assertThat(sim.dbFile()).doesNotExist();
    }

    @Test
    void yesAtTheTerminalStartsItAndTheRebuildIsNoticed() throws Exception {
        CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
        AssistantStarter standIn = command -> {
            started.add(command);
            Thread t = new Thread(() -> {
                // What the assistant does once Windows let it run: 修复环境 writes a fresh db for this PC.
                SimulatedAssistant.run(new String[] {"--bjca-folder", bjca.toString(), "--machine-id", "NURSE-PC"});
                exit.complete(OptionalInt.of(0));
            });
            t.start();
            return () -> exit;
        };
        List<String> asked = new ArrayList<>();
        AssistantCli.Result r = AssistantCli.offerAndRun(m, path(standIn), resetAndRecheck(), false,
                q -> {
                    asked.add(q);
                    return "y";
                }, out, env::check);

        assertThat(asked).containsExactly(m.get("assistant.cli.question"));
        assertThat(r.finalCheck().ok()).as(text.toString()).isTrue();
        assertThat(r.outcome().orElseThrow().kind()).isEqualTo(AssistantPath.Kind.REBUILT);
        assertThat(started).containsExactly(AIDE);
    }

    @Test
    void noAtTheTerminalStartsNothingAndSaysHow() throws Exception {
        AssistantCli.Result r = AssistantCli.offerAndRun(m, path(command -> {
            started.add(command);
            throw new IOException("must not start");
        }), resetAndRecheck(), false, q -> "n", out, env::check);
        assertThat(r.outcome()).isEmpty();
        assertThat(r.finalCheck().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(started).isEmpty();
        assertThat(text.toString()).contains("keywatch reset --yes --assistant");
    }

    @Test
    void bjcaUnreachableIsNotTheAssistantsJob() throws Exception {
        resetAndRecheck();
        sim.stopListening();
        CheckResult down = env.check();
        assertThat(down.status()).isEqualTo(CheckStatus.UNAVAILABLE);
        AssistantCli.Result r = AssistantCli.offerAndRun(m, path(command -> {
            started.add(command);
            throw new IOException("must not start");
        }), down, true, null, out, env::check);
        assertThat(r.outcome()).isEmpty();
        assertThat(text.toString()).isEmpty();
        assertThat(started).isEmpty();
    }
}
