package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.sha256;
import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.AppLauncher;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import io.keywatch.core.Verdict;
import io.keywatch.platform.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reset, restore, facts and diagnosis of the db. */
class SoftkeyDbTest extends SoftkeyDbFixture {

    @Test
    void resetMovesTheDbIntoQuarantineWithItsFactsAndRestoreBringsItBackByteIdentical() throws Exception {
        byte[] content = writeDb(db, 48_123, IMAGE_BUILT);
        SoftkeyDb store = store();
        Optional<Instant> created = store.inspect().created(); // known where the file system keeps birth times

        JournalEntry moved = store.reset("check failed: carried over");

        assertThat(db).doesNotExist();
        Path quarantined = Path.of(moved.quarantinePath());
        assertThat(quarantined.getParent().getParent()).isEqualTo(data.resolve("quarantine").toAbsolutePath());
        assertThat(quarantined.getFileName()).hasToString(SoftkeyDb.FILE_NAME);
        assertThat(quarantined.getParent().getFileName().toString()).isEqualTo(moved.id())
                .matches("20240301T080000\\.000Z-[0-9a-f]{6}");
        assertThat(Files.readAllBytes(quarantined)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(quarantined).toInstant()).isEqualTo(IMAGE_BUILT);
        assertThat(moved.originalPath()).isEqualTo(db.toString());
        assertThat(moved.size()).isEqualTo(content.length);
        assertThat(moved.sha256()).isEqualTo(sha256(content));
        assertThat(moved.modified()).contains(IMAGE_BUILT);
        assertThat(moved.created()).isEqualTo(created);
        assertThat(moved.reason()).isEqualTo("check failed: carried over");
        assertThat(moved.movedAt()).isEqualTo(NOW);
        assertThat(moved.outcome()).isEqualTo(JournalEntry.MOVED);
        assertThat(store.journal()).containsExactly(moved);

        JournalEntry restored = store.restore(moved.id());

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(db).toInstant()).isEqualTo(IMAGE_BUILT);
        assertThat(store.inspect().created()).as("a rename keeps the birth time").isEqualTo(created);
        assertThat(quarantined.getParent()).as("empty quarantine folder removed").doesNotExist();
        assertThat(restored.outcome()).isEqualTo(JournalEntry.RESTORED);
        assertThat(restored.restoredAt()).contains(NOW);
        assertThat(store.journal()).containsExactly(restored);
        assertThat(store.journal().get(0).restorable()).isFalse();
    }

    @Test
    void acrossVolumesTheCopyIsVerifiedAndTheOriginalTimesAreKept() throws Exception {
        byte[] content = writeDb(db, 300_000, IMAGE_BUILT);
        SoftkeyDb store = store(new FileOps() {
            @Override
            public boolean sameStore(Path a, Path b) {
                return false;
            }
        });

        JournalEntry moved = store.reset("prepare-image");

        assertThat(db).doesNotExist();
        Path quarantined = Path.of(moved.quarantinePath());
        assertThat(Files.readAllBytes(quarantined)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(quarantined).toInstant()).isEqualTo(IMAGE_BUILT);

        store.restore(moved.id());

        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(db).toInstant()).isEqualTo(IMAGE_BUILT);
        assertThat(quarantined).doesNotExist();
    }

    @Test
    void diskFullDuringTheCopyKeepsTheOriginalAndRemovesThePartialCopy() throws Exception {
        byte[] content = writeDb(db, 200_000, IMAGE_BUILT);
        SoftkeyDb store = store(new FileOps() {
            @Override
            public boolean sameStore(Path a, Path b) {
                return false;
            }

            @Override
            public FileChannel createNew(Path p) throws IOException {
                return new TestFiles.FullDiskChannel(FileOps.super.createNew(p), 70_000);
            }
        });

        assertThatThrownBy(() -> store.reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
                .hasMessageContaining("No space left on device");

        assertUnchanged(content, IMAGE_BUILT);
    }

    @Test
    void aMissingDbIsAFactNotAnError() throws Exception {
        SoftkeyDb store = store();

        DbFacts facts = store.inspect();
        assertThat(facts.exists()).isFalse();
        assertThat(facts.path()).isEqualTo(db);
        assertThat(store.diagnose().verdict()).isEqualTo(Verdict.MISSING);
        assertThatThrownBy(() -> store.reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void aMissingBjcaFolderMeansNotFound() throws Exception {
        Files.delete(bjca);
        assertThat(store().diagnose().verdict()).isEqualTo(Verdict.MISSING);
        assertThatThrownBy(() -> store().reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void factsComeFromTheFile() throws Exception {
        byte[] content = writeDb(db, 777, IMAGE_BUILT);

        DbFacts facts = store().inspect();

        assertThat(facts.exists()).isTrue();
        assertThat(facts.size()).isEqualTo(content.length);
        assertThat(facts.modified()).contains(IMAGE_BUILT);
    }

    @Test
    void creationTimeEqualToModificationTimeIsUnknown() throws Exception {
        writeDb(db, 10, IMAGE_BUILT);
        SoftkeyDb store = store(createdAt(IMAGE_BUILT));

        assertThat(store.inspect().created()).isEmpty();
    }

    @Test
    void aDbCreatedBeforeTheOsWasInstalledIsCarriedOver() throws Exception {
        writeDb(db, 10, Instant.parse("2023-12-01T00:00:00Z"));
        Instant installed = Instant.parse("2024-01-20T10:00:00Z");
        SoftkeyDb store = new SoftkeyDb(db, bjca, data, () -> Optional.of(installed), Optional::empty, clock,
                createdAt(IMAGE_BUILT));

        Diagnosis d = store.diagnose();

        assertThat(d.verdict()).isEqualTo(Verdict.CARRIED_OVER);
        assertThat(d.facts().created()).contains(IMAGE_BUILT);
        assertThat(d.comparedWith()).contains(Diagnosis.Reference.OS_INSTALLED);
        assertThat(d.referenceTime()).contains(installed);
        assertThat(store.reset("carried over").created()).contains(IMAGE_BUILT);
    }

    @Test
    void aFreshDbThatInheritedTheQuarantinedDbsCreationTimeIsNotCarriedOver() throws Exception {
        // Windows tunnelling: BJCA's fresh db, created right after the reset, gets the old creation time.
        writeDb(db, 10, Instant.parse("2023-12-01T00:00:00Z"));
        Instant installed = Instant.parse("2024-01-20T10:00:00Z");
        SoftkeyDb store = new SoftkeyDb(db, bjca, data, () -> Optional.of(installed), Optional::empty, clock,
                createdAt(IMAGE_BUILT));
        JournalEntry moved = store.reset("carried over");
        writeDb(db, 20, NOW.plusSeconds(5));

        Diagnosis fresh = store.diagnose();
        assertThat(fresh.verdict()).isEqualTo(Verdict.PRESENT);
        assertThat(fresh.facts().created()).isEmpty();
        assertThat(store.inspect().created()).isEmpty();

        Files.delete(db);
        store.restore(moved.id());
        assertThat(store.diagnose().verdict()).as("the restored original is carried over again")
                .isEqualTo(Verdict.CARRIED_OVER);
    }

    @Test
    void aDbCreatedAfterTheOsWasInstalledIsPresent() throws Exception {
        writeDb(db, 10, Instant.parse("2024-02-01T00:00:00Z"));
        SoftkeyDb store = new SoftkeyDb(db, bjca, data, () -> Optional.of(Instant.parse("2024-01-20T10:00:00Z")),
                () -> { throw new IllegalStateException("registry unavailable"); }, clock,
                createdAt(Instant.parse("2024-01-25T00:00:00Z")));

        Diagnosis d = store.diagnose();

        assertThat(d.verdict()).isEqualTo(Verdict.PRESENT);
        assertThat(d.profileCreated()).as("a failing date source is unknown, not fatal").isEmpty();
    }

    @Test
    void forPlatformUsesThePlatformsFoldersAndReadsTheDatesOnceWhenFirstNeeded() throws Exception {
        AtomicInteger installDateReads = new AtomicInteger();
        Platform platform = new Platform() {
            @Override public String name() { return "test"; }
            @Override public Path defaultDataDir() { return data; }
            @Override public Optional<Path> machineConfigFile() { return Optional.empty(); }
            @Override public Path userConfigFile() { return tmp.resolve("config.json"); }
            @Override public Path defaultBjcaFolder() { return bjca; }
            @Override public Optional<Instant> profileCreated() { return Optional.empty(); }
            @Override public AppLauncher launcher() { throw new UnsupportedOperationException(); }
            @Override public io.keywatch.platform.Autostart autostart() { throw new UnsupportedOperationException(); }

            @Override
            public Optional<Instant> osInstallDate() {
                installDateReads.incrementAndGet();
                return Optional.of(NOW);
            }
        };

        SoftkeyDb store = SoftkeyDb.forPlatform(platform, clock);
        assertThat(installDateReads).hasValue(0);
        store.diagnose();
        Diagnosis d = store.diagnose();

        assertThat(installDateReads).hasValue(1);
        assertThat(d.osInstalled()).contains(NOW);
        assertThat(store.dbFile()).isEqualTo(db.toAbsolutePath());
        assertThat(store.quarantineFolder()).isEqualTo(data.resolve("quarantine").toAbsolutePath());
    }
}
