package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keywatch.core.JournalEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * kill -9 at every step of a reset and of a restore ({@link ResetWorker} in a child JVM stops at the
 * named step of the file operations and announces it; this test then kills it with SIGKILL), then a
 * fresh instance's {@link SoftkeyDb#recoverInterrupted}: the db is exactly once at its place or
 * restorable, byte for byte (SHA-256), with its mode; no partial copy is left; the journal has no
 * open intent and no damaged line; and restore brings the db back. The same cases run in this JVM
 * too, the step throwing an {@link Error} that no code of ours catches (fast, and seen by mutation testing).
 */
@Timeout(120)
class CrashRecoveryTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");
    static final String MODE = "rw-------";
    static final int SIZE = 200_000; // more than one copy block: a copy can be cut off in the middle

    @TempDir
    Path tmp;
    Path bjca;
    Path data;
    Path db;
    final ExecutorService pool = Executors.newSingleThreadExecutor();
    final ListAppender<ILoggingEvent> journalLog = new ListAppender<>();
    final Logger journalLogger = (Logger) LoggerFactory.getLogger(QuarantineJournal.class);

    @BeforeEach
    void layout() throws IOException {
        bjca = Files.createDirectories(tmp.resolve("profile/LocalLow/BJCA"));
        data = tmp.resolve("keywatch");
        db = bjca.resolve(SoftkeyDb.FILE_NAME);
        journalLog.start();
        journalLogger.addAppender(journalLog);
    }

    @AfterEach
    void tearDown() {
        journalLogger.detachAppender(journalLog);
        pool.shutdownNow();
    }

    /** Where the db is after the kill and the recovery. */
    enum Expect { AT_ITS_PLACE, IN_QUARANTINE }

    static Stream<Arguments> resetSteps() {
        return Stream.of(
                Arguments.of("reset.start", false, Expect.AT_ITS_PLACE),
                Arguments.of("reset.intent", false, Expect.AT_ITS_PLACE),
                Arguments.of("reset.folder", false, Expect.AT_ITS_PLACE),
                Arguments.of("reset.renamed", false, Expect.IN_QUARANTINE),
                Arguments.of("reset.done", false, Expect.IN_QUARANTINE),
                Arguments.of("reset.start", true, Expect.AT_ITS_PLACE),
                Arguments.of("reset.intent", true, Expect.AT_ITS_PLACE),
                Arguments.of("reset.folder", true, Expect.AT_ITS_PLACE),
                Arguments.of("reset.copying", true, Expect.AT_ITS_PLACE),
                Arguments.of("reset.copied", true, Expect.AT_ITS_PLACE),
                Arguments.of("reset.renamed", true, Expect.AT_ITS_PLACE), // both there: the copy is removed
                Arguments.of("reset.source-removed", true, Expect.IN_QUARANTINE),
                Arguments.of("reset.done", true, Expect.IN_QUARANTINE));
    }

    @ParameterizedTest(name = "killed at {0}, cross-volume {1}: {2}")
    @MethodSource("resetSteps")
    @Tag("slow-process")
    void aResetKilledAtAnyStepLosesNothing(String step, boolean crossVolume, Expect expected) throws Exception {
        resetCrashed(step, crossVolume, expected, true);
    }

    /** The same in this JVM (fast; what mutation testing runs): the step throws, nothing is cleaned up. */
    @ParameterizedTest(name = "stopped at {0}, cross-volume {1}: {2}")
    @MethodSource("resetSteps")
    void aResetStoppedDeadAtAnyStepLosesNothing(String step, boolean crossVolume, Expect expected) throws Exception {
        resetCrashed(step, crossVolume, expected, false);
    }

    void resetCrashed(String step, boolean crossVolume, Expect expected, boolean childJvm) throws Exception {
        byte[] content = writeDb(db, SIZE);

        if (childJvm) {
            killAt(step, crossVolume, "crash-reset");
        } else {
            stopDeadAt(step, crossVolume, store -> store.reset("stopped by a test"));
        }
        int closed = store().recoverInterrupted();

        assertThat(closed).as("intents closed by the recovery").isEqualTo(step.equals("reset.start")
                || step.equals("reset.done") ? 0 : 1);
        assertConsistent();
        assertThat(whereIs(content)).isEqualTo(expected);
        assertRestoresTo(content);
    }

    static Stream<Arguments> restoreSteps() {
        List<Arguments> all = new ArrayList<>();
        for (String s : List.of("restore.start", "restore.intent", "restore.renamed", "restore.done")) {
            all.add(Arguments.of(s, false, false));
        }
        for (String s : List.of("restore.start", "restore.intent", "restore.copying", "restore.copied",
                "restore.renamed", "restore.source-removed", "restore.done")) {
            all.add(Arguments.of(s, true, false));
        }
        // BJCA made a fresh db meanwhile: it is quarantined first (a reset inside the restore).
        for (String s : List.of("restore.start", "reset.start", "reset.intent", "reset.folder", "reset.renamed",
                "reset.done", "restore.fresh-moved", "restore.intent", "restore.renamed", "restore.done")) {
            all.add(Arguments.of(s, false, true));
        }
        for (String s : List.of("restore.start", "reset.start", "reset.intent", "reset.folder", "reset.copying",
                "reset.copied", "reset.renamed", "reset.source-removed", "reset.done", "restore.fresh-moved",
                "restore.intent", "restore.copying", "restore.copied", "restore.renamed", "restore.source-removed",
                "restore.done")) {
            all.add(Arguments.of(s, true, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "killed at {0}, cross-volume {1}, a fresh db in the way {2}")
    @MethodSource("restoreSteps")
    @Tag("slow-process")
    void aRestoreKilledAtAnyStepLosesNothing(String step, boolean crossVolume, boolean freshDb) throws Exception {
        restoreCrashed(step, crossVolume, freshDb, true);
    }

    @ParameterizedTest(name = "stopped at {0}, cross-volume {1}, a fresh db in the way {2}")
    @MethodSource("restoreSteps")
    void aRestoreStoppedDeadAtAnyStepLosesNothing(String step, boolean crossVolume, boolean freshDb) throws Exception {
        restoreCrashed(step, crossVolume, freshDb, false);
    }

    void restoreCrashed(String step, boolean crossVolume, boolean freshDb, boolean childJvm) throws Exception {
        byte[] content = writeDb(db, SIZE);
        String id = new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, Clock.systemUTC(),
                ResetWorker.pausingAt("none", crossVolume)).reset("before the restore").id();
        byte[] fresh = freshDb ? writeDb(db, 5_000) : null;

        if (childJvm) {
            killAt(step, crossVolume, "crash-restore", id);
        } else {
            stopDeadAt(step, crossVolume, store -> store.restore(id));
        }
        store().recoverInterrupted();

        assertConsistent();
        if (step.equals("restore.renamed") || step.equals("restore.source-removed") || step.equals("restore.done")) {
            assertThat(whereIs(content)).as("the restore had happened: finished").isEqualTo(Expect.AT_ITS_PLACE);
        } else {
            assertThat(whereIs(content)).as("rolled back: still restorable").isEqualTo(Expect.IN_QUARANTINE);
        }
        if (fresh != null) {
            assertThat(whereIs(fresh)).as("the fresh db is kept too").isNotNull();
        }
        assertRestoresTo(content);
        if (fresh != null) {
            assertThat(whereIs(fresh)).as("after the restore the fresh db waits in the quarantine")
                    .isEqualTo(Expect.IN_QUARANTINE);
        }
    }

    SoftkeyDb store() {
        return new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, Clock.systemUTC());
    }

    byte[] writeDb(Path file, int size) throws IOException {
        byte[] content = TestFiles.writeDb(file, size, IMAGE_BUILT);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(MODE));
        return content;
    }

    /** What the process does when it dies at the step: nothing more, no catch block or clean-up of ours runs. */
    static final class Stopped extends Error {
        private static final long serialVersionUID = 1L;

        Stopped(String step) {
            super("stopped at " + step);
        }
    }

    interface StoreAction {
        void run(SoftkeyDb store) throws Exception;
    }

    /** Runs {@code action} in this JVM with file operations that throw {@link Stopped} at {@code step}. */
    void stopDeadAt(String step, boolean crossVolume, StoreAction action) throws Exception {
        FileOps ops = new FileOps() {
            @Override
            public boolean sameStore(Path dirA, Path dirB) {
                return !crossVolume && FileOps.super.sameStore(dirA, dirB);
            }

            @Override
            public void step(String name) {
                if (name.equals(step)) {
                    throw new Stopped(name);
                }
            }
        };
        SoftkeyDb store = new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, Clock.systemUTC(), ops);
        assertThatThrownBy(() -> action.run(store)).isInstanceOf(Stopped.class).hasMessage("stopped at " + step);
    }

    /** Starts the worker, waits for it to announce {@code step}, and kills it there with SIGKILL. */
    void killAt(String step, boolean crossVolume, String mode, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ResetWorker.class.getName(), mode,
                data.toString(), bjca.toString(), step, String.valueOf(crossVolume)));
        command.addAll(List.of(more));
        Path stderr = tmp.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try {
            CompletableFuture<String> announced = CompletableFuture.supplyAsync(() -> firstLine(child), pool);
            assertThat(announced.get(60, TimeUnit.SECONDS)).as("the child's report; stderr: %s",
                    stderrOf(stderr)).isEqualTo("paused at " + step);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child is gone").isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    private static String firstLine(Process child) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            return line == null ? "(ended without a word)" : line;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String stderrOf(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** No open intent, no damaged line, no partial copy, no folder in the quarantine without its entry. */
    void assertConsistent() throws Exception {
        Path quarantine = data.resolve(SoftkeyDb.QUARANTINE_FOLDER);
        JournalState state = new QuarantineJournal(quarantine).read();
        assertThat(state.openResets()).as("open reset intents").isEmpty();
        assertThat(state.openRestores()).as("open restore intents").isEmpty();
        assertThat(journalLog.list).extracting(ILoggingEvent::getFormattedMessage).as("damaged journal lines")
                .noneMatch(m -> m.startsWith("Skipping"));
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.map(Path::toString)).as("partial copies").noneMatch(p -> p.endsWith(".partial"));
        }
        List<String> restorableFolders = state.entries().stream().filter(JournalEntry::restorable)
                .map(JournalEntry::id).toList();
        if (Files.isDirectory(quarantine)) {
            try (Stream<Path> folders = Files.list(quarantine)) {
                assertThat(folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                        .as("quarantine folders, each a restorable entry").containsExactlyInAnyOrderElementsOf(
                                restorableFolders);
            }
        }
    }

    /**
     * Where the file with this content is: exactly one copy anywhere under the test folder, either at
     * the db's place or as a restorable entry's quarantined file, with its mode. Null if nowhere.
     */
    Expect whereIs(byte[] content) throws Exception {
        String sha = sha256(content);
        List<Path> copies;
        try (Stream<Path> all = Files.walk(tmp)) {
            copies = all.filter(Files::isRegularFile).filter(p -> sha.equals(digest(p))).toList();
        }
        assertThat(copies).as("copies of %s", sha).hasSizeLessThanOrEqualTo(1);
        if (copies.isEmpty()) {
            return null;
        }
        Path at = copies.get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(at))).as("mode of %s", at)
                .isEqualTo(MODE);
        if (at.equals(db)) {
            return Expect.AT_ITS_PLACE;
        }
        assertThat(store().journal()).as("a restorable entry for %s", at)
                .anyMatch(e -> e.restorable() && e.sha256().equals(sha) && Path.of(e.quarantinePath()).equals(at));
        return Expect.IN_QUARANTINE;
    }

    /** Restore (if the db is in the quarantine) brings exactly these bytes back, with the mode. */
    void assertRestoresTo(byte[] content) throws Exception {
        String sha = sha256(content);
        Optional<JournalEntry> waiting = store().journal().stream()
                .filter(e -> e.restorable() && e.sha256().equals(sha)).findFirst();
        if (waiting.isPresent()) {
            assertThat(store().restore(waiting.get().id()).outcome()).isEqualTo(JournalEntry.RESTORED);
        }
        assertThat(sha256(Files.readAllBytes(db))).isEqualTo(sha);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo(MODE);
        assertThat(whereIs(content)).isEqualTo(Expect.AT_ITS_PLACE);
    }

    private static String digest(Path p) {
        try {
            return sha256(Files.readAllBytes(p));
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
