package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.JournalEntry;
import io.keywatch.core.SoftkeyException;
import io.keywatch.core.SoftkeyException.Reason;
import io.keywatch.core.Verdict;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** What only Windows can show: sharing violations, junctions, real creation times. */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class SoftkeyDbWindowsTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");

    @TempDir
    Path tmp;
    Path bjca;
    Path db;

    @BeforeEach
    void layout() throws Exception {
        bjca = Files.createDirectories(tmp.resolve("LocalLow/BJCA"));
        db = bjca.resolve(SoftkeyDb.FILE_NAME);
    }

    SoftkeyDb store(Path folder) {
        return new SoftkeyDb(folder.resolve(SoftkeyDb.FILE_NAME), folder, tmp.resolve("data"), Optional::empty,
                Optional::empty, Clock.systemUTC());
    }

    @Test
    void aDbHeldOpenWithoutDeleteSharingIsLockedAndNothingChanges() throws Exception {
        byte[] content = writeDb(db, 1000, IMAGE_BUILT);
        // java.io opens without FILE_SHARE_DELETE, like BJCA holding its db: a rename is a sharing violation.
        try (FileInputStream held = new FileInputStream(db.toFile())) {
            assertThat(held.read()).isGreaterThanOrEqualTo(0);
            assertThatThrownBy(() -> store(bjca).reset("test"))
                    .isInstanceOfSatisfying(SoftkeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED));
        }
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(store(bjca).journal()).isEmpty();
    }

    @Test
    void aBjcaFolderThatIsAJunctionIsRefused() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        byte[] content = writeDb(real.resolve(SoftkeyDb.FILE_NAME), 1000, IMAGE_BUILT);
        Path junction = tmp.resolve("junction");
        Process mklink = new ProcessBuilder("cmd", "/c", "mklink", "/J", junction.toString(), real.toString())
                .redirectErrorStream(true).start();
        assertThat(mklink.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mklink.exitValue()).isZero();

        SoftkeyDb store = store(junction);
        assertThat(store.diagnose().verdict()).isEqualTo(Verdict.UNREADABLE);
        assertThatThrownBy(() -> store.reset("test"))
                .isInstanceOfSatisfying(SoftkeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REGULAR_FILE))
                .hasMessageContaining("junction");
        assertThat(Files.readAllBytes(real.resolve(SoftkeyDb.FILE_NAME))).isEqualTo(content);
    }

    @Test
    void theCreationTimeIsRecordedAndSurvivesResetAndRestore() throws Exception {
        writeDb(db, 1000, Instant.parse("2023-12-01T00:00:00Z"));
        Files.getFileAttributeView(db, BasicFileAttributeView.class).setTimes(null, null, FileTime.from(IMAGE_BUILT));
        SoftkeyDb store = store(bjca);
        assertThat(store.inspect().created()).contains(IMAGE_BUILT);

        JournalEntry moved = store.reset("test");
        assertThat(moved.created()).contains(IMAGE_BUILT);
        store.restore(moved.id());

        assertThat(Files.readAttributes(db, java.nio.file.attribute.BasicFileAttributes.class).creationTime())
                .isEqualTo(FileTime.from(IMAGE_BUILT));
    }
}
