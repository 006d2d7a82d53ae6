package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.sha256;
import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many resets at once, from threads and from another process, share one quarantine and journal. */
@Timeout(120)
class SoftkeyDbConcurrencyTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");

    @TempDir
    Path tmp;

    SoftkeyDb storeIn(Path folder) {
        return new SoftkeyDb(folder.resolve(SoftkeyDb.FILE_NAME), folder, tmp.resolve("data"), Optional::empty,
                Optional::empty, Clock.systemUTC());
    }

    @Test
    void resetsFromManyThreadsKeepTheJournalWholeAndEveryEntryRestorable() throws Exception {
        int threads = 8;
        int perThread = 5;
        Map<Path, byte[]> contents = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<JournalEntry>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<JournalEntry> mine = new ArrayList<>();
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Path folder = tmp.resolve("t" + thread + "-" + i).resolve("BJCA");
                        contents.put(folder, writeDb(folder.resolve(SoftkeyDb.FILE_NAME), 10_000 + i, IMAGE_BUILT));
                        mine.add(storeIn(folder).reset("thread " + thread));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<JournalEntry> made = new ArrayList<>();
            for (Future<List<JournalEntry>> f : results) {
                made.addAll(f.get(60, TimeUnit.SECONDS));
            }

            List<JournalEntry> journal = storeIn(tmp.resolve("any")).journal();
            assertThat(journal).hasSize(threads * perThread).containsExactlyInAnyOrderElementsOf(made);
            assertThat(journal.stream().map(JournalEntry::id).distinct()).hasSize(threads * perThread);
            assertThat(Files.readAllLines(tmp.resolve("data/quarantine/journal.jsonl"))).as("INTENT and MOVED each")
                    .hasSize(2 * threads * perThread);

            for (JournalEntry e : journal) {
                Path folder = Path.of(e.originalPath()).getParent();
                storeIn(folder).restore(e.id());
                assertThat(Files.readAllBytes(Path.of(e.originalPath()))).isEqualTo(contents.get(folder));
            }
            assertThat(storeIn(tmp.resolve("any")).journal())
                    .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(JournalEntry.RESTORED));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threadsRacingForTheSameDbMoveItExactlyOnce() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("BJCA"));
        byte[] content = writeDb(folder.resolve(SoftkeyDb.FILE_NAME), 5000, IMAGE_BUILT);
        SoftkeyDb store = storeIn(folder);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Optional<SoftkeyException.Reason>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.reset("race");
                        return Optional.<SoftkeyException.Reason>empty();
                    } catch (SoftkeyException e) {
                        return Optional.of(e.reason());
                    }
                }));
            }
            start.countDown();
            List<Optional<SoftkeyException.Reason>> outcomes = new ArrayList<>();
            for (Future<Optional<SoftkeyException.Reason>> f : results) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(outcomes.stream().filter(Optional::isEmpty)).hasSize(1);
            assertThat(outcomes.stream().flatMap(Optional::stream))
                    .hasSize(threads - 1).containsOnly(SoftkeyException.Reason.NOT_FOUND);
            List<JournalEntry> journal = store.journal();
            assertThat(journal).hasSize(1);
            assertThat(journal.get(0).sha256()).isEqualTo(sha256(content));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherProcessResettingAtTheSameTimeDoesNotCorruptTheJournal() throws Exception {
        int childResets = 20;
        int parentResets = 20;
        Process child = startWorker("reset", tmp.resolve("data").toString(), tmp.toString(), "child",
                String.valueOf(childResets));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> childOutput = new ArrayList<>();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Future<?> drain = pool.submit(() -> drain(child, childOutput, "ready", ready));
            ready.get(60, TimeUnit.SECONDS);
            try (Writer go = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                go.write("go\n");
            }

            Map<Path, byte[]> contents = new ConcurrentHashMap<>();
            Future<?> parent = pool.submit((Callable<Void>) () -> {
                for (int i = 0; i < parentResets; i++) {
                    Path folder = tmp.resolve("parent-" + i).resolve("BJCA");
                    contents.put(folder, writeDb(folder.resolve(SoftkeyDb.FILE_NAME), 4096 + i, IMAGE_BUILT));
                    storeIn(folder).reset("reset by parent");
                }
                return null;
            });
            parent.get(60, TimeUnit.SECONDS);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished in time").isTrue();
            drain.get(10, TimeUnit.SECONDS);
            assertThat(child.exitValue()).as("child exit; stderr: %s",
                    Files.readString(tmp.resolve("child-stderr.txt"))).isZero();

            List<JournalEntry> journal = storeIn(tmp.resolve("any")).journal();
            List<String> childIds;
            synchronized (childOutput) {
                childIds = childOutput.stream().filter(l -> l.startsWith("moved ")).map(l -> l.substring(6))
                        .collect(Collectors.toList());
            }
            assertThat(childIds).hasSize(childResets);
            assertThat(journal).hasSize(childResets + parentResets);
            assertThat(journal.stream().map(JournalEntry::id)).doesNotHaveDuplicates().containsAll(childIds);
            assertThat(Files.readAllLines(tmp.resolve("data/quarantine/journal.jsonl")))
                    .as("INTENT and MOVED each").hasSize(2 * (childResets + parentResets));
            for (JournalEntry e : journal) {
                Path db = Path.of(e.originalPath());
                storeIn(db.getParent()).restore(e.id());
                byte[] restored = Files.readAllBytes(db);
                assertThat(sha256(restored)).isEqualTo(e.sha256());
                if (contents.containsKey(db.getParent())) {
                    assertThat(restored).isEqualTo(contents.get(db.getParent()));
                }
            }
        } finally {
            stop(child, pool);
        }
    }

    @Test
    void aResetWaitsWhileAnotherProcessHoldsTheQuarantineLock() throws Exception {
        Path folder = tmp.resolve("BJCA");
        byte[] content = writeDb(folder.resolve(SoftkeyDb.FILE_NAME), 5000, IMAGE_BUILT);
        Process child = startWorker("hold", tmp.resolve("data").toString());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> holding = new CompletableFuture<>();
            pool.submit(() -> drain(child, new ArrayList<>(), "holding", holding));
            holding.get(60, TimeUnit.SECONDS);

            Future<JournalEntry> reset = pool.submit(() -> storeIn(folder).reset("while locked"));
            assertThatThrownBy(() -> reset.get(500, TimeUnit.MILLISECONDS))
                    .as("the reset must wait for the other process").isInstanceOf(TimeoutException.class);
            assertThat(Files.readAllBytes(folder.resolve(SoftkeyDb.FILE_NAME))).isEqualTo(content);

            try (Writer release = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                release.write("release\n");
            }
            JournalEntry moved = reset.get(60, TimeUnit.SECONDS);
            assertThat(Files.readAllBytes(Path.of(moved.quarantinePath()))).isEqualTo(content);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            stop(child, pool);
        }
    }

    @Test
    void aDbLockedByAnotherProcessIsRefusedAndNothingChanges() throws Exception {
        Path folder = tmp.resolve("BJCA");
        Path db = folder.resolve(SoftkeyDb.FILE_NAME);
        byte[] content = writeDb(db, 5000, IMAGE_BUILT);
        Process child = startWorker("lock", db.toString());
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            CompletableFuture<Void> holding = new CompletableFuture<>();
            pool.submit(() -> drain(child, new ArrayList<>(), "holding", holding));
            holding.get(60, TimeUnit.SECONDS);

            assertThatThrownBy(() -> storeIn(folder).reset("while BJCA holds it"))
                    .isInstanceOfSatisfying(SoftkeyException.class,
                            e -> assertThat(e.reason()).isEqualTo(SoftkeyException.Reason.LOCKED));

            assertThat(Files.readAllBytes(db)).isEqualTo(content);
            assertThat(Files.getLastModifiedTime(db).toInstant()).isEqualTo(IMAGE_BUILT);
            assertThat(storeIn(folder).journal()).isEmpty();
        } finally {
            stop(child, pool);
        }
    }

    private static void stop(Process child, ExecutorService pool) throws InterruptedException {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
        pool.shutdownNow();
    }

    private Process startWorker(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ResetWorker.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(tmp.resolve("child-stderr.txt").toFile()).start();
    }

    /** Reads the child's output to the end, completing {@code seen} when {@code marker} arrives. */
    private static Void drain(Process child, List<String> lines, String marker, CompletableFuture<Void> seen)
            throws IOException {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (line.equals(marker)) {
                    seen.complete(null);
                }
            }
        }
        seen.completeExceptionally(new IOException("the child process ended before printing " + marker));
        return null;
    }
}
