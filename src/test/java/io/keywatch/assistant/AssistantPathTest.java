package io.keywatch.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.AssistantStarter;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The path's branches with a fake elevation and a real folder watch. */
@Timeout(60)
class AssistantPathTest {
    static final List<String> AIDE = List.of("C:\\BJCA\\BjcaCertAide\\Aide.exe");
    static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    /** A fake elevation: records the command; the test decides when the assistant "ends". */
    static final class FakeStarter implements AssistantStarter {
        final CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
        List<String> started;
        Exception fail;

        @Override
        public Started start(List<String> command) throws Cancelled, IOException {
            if (fail instanceof Cancelled c) {
                throw c;
            }
            if (fail instanceof IOException e) {
                throw e;
            }
            started = command;
            return () -> exit;
        }
    }

    /** Scripted re-checks, counted. */
    static class Rechecks implements Supplier<CheckResult> {
        final Deque<CheckStatus> answers;
        final AtomicInteger calls = new AtomicInteger();
        final Path db;

        Rechecks(Path db, CheckStatus... answers) {
            this.db = db;
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public CheckResult get() {
            calls.incrementAndGet();
            return result(answers.isEmpty() ? CheckStatus.FAILED : answers.poll(), db);
        }
    }

    static CheckResult result(CheckStatus status, Path db) {
        DbFacts facts = Files.exists(db) ? new DbFacts(db, true, 1, Optional.empty(), Optional.empty()) : DbFacts.missing(db);
        return new CheckResult(status, Diagnosis.of(facts, Optional.empty(), Optional.empty()), List.of(), Optional.empty(),
                "websocket", Optional.empty(), Instant.now());
    }

    private Path db() {
        return tmp.resolve("bjca_softkey.db");
    }

    private AssistantPath path(FakeStarter starter, Duration limit) {
        return new AssistantPath(() -> new AssistantLocator.Found(AIDE, "config"), starter, db(), limit);
    }

    private void writeDb() {
        try {
            Files.writeString(db(), "fresh");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theAssistantIsTheNextStepOnlyWhenBjcaAnsweredFalse() {
        assertThat(AssistantPath.nextStep(result(CheckStatus.FAILED, db()))).isEqualTo(AssistantPath.NextStep.START_ASSISTANT);
        assertThat(AssistantPath.nextStep(result(CheckStatus.OK, db()))).isEqualTo(AssistantPath.NextStep.NONE);
        assertThat(AssistantPath.nextStep(result(CheckStatus.UNAVAILABLE, db()))).isEqualTo(AssistantPath.NextStep.NONE);
        assertThat(AssistantPath.nextStep(result(CheckStatus.TIMEOUT, db()))).isEqualTo(AssistantPath.NextStep.NONE);
        assertThat(result(CheckStatus.FAILED, db()).notRebuiltYet()).isTrue();
        assertThat(result(CheckStatus.UNAVAILABLE, db()).notRebuiltYet()).as("BJCA did not answer").isFalse();
        assertThat(result(CheckStatus.OK, db()).notRebuiltYet()).as("BJCA said true").isFalse();
        writeDb();
        assertThat(result(CheckStatus.FAILED, db()).notRebuiltYet()).as("BJCA made one, still false").isFalse();
    }

    @Test
    void aFreshDbWhileTheAssistantStillRunsIsNoticedAndCheckedAtOnce() throws Exception {
        FakeStarter starter = new FakeStarter();
        Rechecks rechecks = new Rechecks(db(), CheckStatus.OK);
        AssistantPath.Outcome o = path(starter, LONG).run(rechecks, new AssistantPath.Listener() {
            @Override
            public void waiting(Duration limit) {
                writeDb(); // the assistant's 修复环境, while its window stays open
            }
        });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.REBUILT);
        assertThat(o.trigger()).contains(AssistantPath.Trigger.DB_APPEARED);
        assertThat(starter.started).isEqualTo(AIDE);
        assertThat(starter.exit).isNotDone();
        assertThat(rechecks.calls).hasValue(1);
    }

    @Test
    void theAssistantsEndIsNoticedWithoutADbEvent() throws Exception {
        FakeStarter starter = new FakeStarter();
        Rechecks rechecks = new Rechecks(db(), CheckStatus.OK);
        AssistantPath.Outcome o = path(starter, LONG).run(rechecks, new AssistantPath.Listener() {
            @Override
            public void waiting(Duration limit) {
                starter.exit.complete(OptionalInt.of(0));
            }
        });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.REBUILT);
        assertThat(o.trigger()).contains(AssistantPath.Trigger.ASSISTANT_EXITED);
        assertThat(rechecks.calls).hasValue(1);
    }

    @Test
    void aDbThatStillFailsWaitsForTheAssistantsEndThenChecksAgain() throws Exception {
        FakeStarter starter = new FakeStarter();
        Rechecks rechecks = new Rechecks(db(), CheckStatus.FAILED, CheckStatus.OK) {
            @Override
            public CheckResult get() {
                CheckResult r = super.get();
                if (calls.get() == 1) {
                    starter.exit.complete(OptionalInt.of(0)); // the nurse closes the assistant after the first look
                }
                return r;
            }
        };
        AssistantPath.Outcome o = path(starter, LONG).run(rechecks, new AssistantPath.Listener() {
            @Override
            public void waiting(Duration limit) {
                writeDb();
            }
        });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.REBUILT);
        assertThat(o.trigger()).contains(AssistantPath.Trigger.ASSISTANT_EXITED);
        assertThat(rechecks.calls).hasValue(2);
    }

    @Test
    void theAssistantClosingWhileBjcaStillSaysFalseEndsThePath() throws Exception {
        FakeStarter starter = new FakeStarter();
        starter.exit.complete(OptionalInt.of(1));
        Rechecks rechecks = new Rechecks(db(), CheckStatus.FAILED);
        AssistantPath.Outcome o = path(starter, LONG).run(rechecks, new AssistantPath.Listener() { });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.STILL_FAILING);
        assertThat(o.check().orElseThrow().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(rechecks.calls).hasValue(1);
    }

    @Test
    void theNurseCancellingTheElevationStartsNothingAndChecksNothing() throws Exception {
        FakeStarter starter = new FakeStarter();
        starter.fail = new AssistantStarter.Cancelled("declined");
        Rechecks rechecks = new Rechecks(db());
        AssistantPath.Outcome o = path(starter, LONG).run(rechecks, new AssistantPath.Listener() { });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.CANCELLED);
        assertThat(o.detail()).isEqualTo("declined");
        assertThat(o.command()).contains(AIDE);
        assertThat(rechecks.calls).hasValue(0);
    }

    @Test
    void anAssistantThatCannotStartSaysWhy() throws Exception {
        FakeStarter starter = new FakeStarter();
        starter.fail = new IOException("'Aide.exe' was not found (error 2)");
        AssistantPath.Outcome o = path(starter, LONG).run(new Rechecks(db()), new AssistantPath.Listener() { });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.START_FAILED);
        assertThat(o.detail()).contains("error 2");
    }

    @Test
    void noAssistantNoStart() throws Exception {
        FakeStarter starter = new FakeStarter();
        AssistantLocator.Missing missing = new AssistantLocator.Missing("assistant.missing.noExe", List.of("C:\\x"));
        AssistantPath.Outcome o = new AssistantPath(() -> missing, starter, db(), LONG)
                .run(new Rechecks(db()), new AssistantPath.Listener() { });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.MISSING);
        assertThat(o.missing()).contains(missing);
        assertThat(starter.started).isNull();
    }

    @Test
    void theWaitIsBounded() throws Exception {
        FakeStarter starter = new FakeStarter();
        Rechecks rechecks = new Rechecks(db());
        AssistantPath.Outcome o = path(starter, Duration.ofMillis(300)).run(rechecks, new AssistantPath.Listener() { });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.TIMED_OUT);
        assertThat(rechecks.calls).as("nothing happened: nothing to check").hasValue(0);
    }

    @Test
    void withoutAFolderToWatchTheAssistantsEndStillEndsTheWait() throws Exception {
        FakeStarter starter = new FakeStarter();
        Path nowhere = tmp.resolve("missing-folder").resolve("bjca_softkey.db");
        AssistantPath.Outcome o = new AssistantPath(() -> new AssistantLocator.Found(AIDE, "config"), starter, nowhere, LONG)
                .run(() -> result(CheckStatus.OK, nowhere), new AssistantPath.Listener() {
                    @Override
                    public void waiting(Duration limit) {
                        starter.exit.complete(OptionalInt.empty());
                    }
                });
        assertThat(o.kind()).isEqualTo(AssistantPath.Kind.REBUILT);
        assertThat(o.trigger()).contains(AssistantPath.Trigger.ASSISTANT_EXITED);
    }

    @Test
    void aZeroWaitIsRefused() {
        assertThatThrownBy(() -> path(new FakeStarter(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
