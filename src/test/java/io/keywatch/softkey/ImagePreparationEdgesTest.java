package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.JournalEntry;
import io.keywatch.softkey.ImagePreparation.Outcome;
import io.keywatch.softkey.ImagePreparation.Profile;
import io.keywatch.softkey.ImagePreparation.Profiles;
import io.keywatch.softkey.ImagePreparation.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare-image's outcomes for a profile that is gone, unreadable or emptied meanwhile, and restore's folder match. */
class ImagePreparationEdgesTest {
    private static final Path SUB = ImagePreparationTest.SUB;

    @TempDir
    Path tmp;

    private Outcome only(ImagePreparation.Access access, Path home) {
        Profiles profiles = new Profiles(List.of(new Profile("alice", home)), List.of());
        return new ImagePreparation(SUB, tmp.resolve("data"), Clock.systemUTC(), access).run(profiles, false)
                .outcomes().get(0);
    }

    @Test
    void aProfileFolderThatIsGoneHasNoDbAndSaysTheFolderDoesNotExist() {
        Path home = tmp.resolve("home/alice");
        Outcome o = only(ImagePreparation.Access.SYSTEM, home);
        assertThat(o.status()).isEqualTo(Status.NO_DB);
        assertThat(o.problem()).contains("the profile folder " + home + " does not exist");
        assertThat(o.facts()).isEmpty();
    }

    @Test
    void aDbWhoseAttributesCannotBeReadIsUnreadableWithTheReason() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home/alice"));
        ImagePreparation.Access failing = new ImagePreparation.Access() {
            @Override
            public BasicFileAttributes attributes(Path p) throws IOException {
                throw new IOException("I/O error reading " + p);
            }
        };
        Outcome o = only(failing, home);
        assertThat(o.status()).isEqualTo(Status.UNREADABLE);
        assertThat(o.problem()).contains("I/O error reading " + home.resolve(SUB).resolve(SoftkeyDb.FILE_NAME));
    }

    @Test
    void aDbGoneBetweenTheLookAndTheMoveHasNoDbAndSaysWhy() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home/alice"));
        Files.createDirectories(home.resolve(SUB));
        Path stand = tmp.resolve("elsewhere.db");
        TestFiles.writeDb(stand, 1024, Instant.parse("2023-11-15T02:00:00Z"));
        ImagePreparation.Access seesADb = new ImagePreparation.Access() {
            @Override
            public BasicFileAttributes attributes(Path p) throws IOException {
                return ImagePreparation.Access.super.attributes(stand); // the look saw one; it is gone now
            }
        };
        Outcome o = only(seesADb, home);
        assertThat(o.status()).isEqualTo(Status.NO_DB);
        assertThat(o.problem()).isPresent();
        assertThat(o.entry()).isEmpty();
    }

    private static JournalEntry entry(String original) {
        return new JournalEntry("id", original, "/q/id/bjca_softkey.db", 1, Optional.empty(), Optional.empty(), "00",
                ImagePreparation.REASON, Instant.EPOCH, JournalEntry.MOVED, Optional.empty());
    }

    @Test
    void aDbDirectlyUnderTheBjcaSubPathWithNoProfileAboveIsNotAProfilesFolder() {
        Path bare = Path.of("/").resolve(SUB);
        assertThat(ImagePreparation.bjcaFolderOf(entry(bare.resolve(SoftkeyDb.FILE_NAME).toString()), List.of(SUB)))
                .isEmpty();
        Path oneAbove = Path.of("/alice").resolve(SUB);
        assertThat(ImagePreparation.bjcaFolderOf(entry(oneAbove.resolve(SoftkeyDb.FILE_NAME).toString()),
                List.of(SUB))).contains(oneAbove);
    }

    @Test
    void aFolderThatEndsInAnotherPathIsNotMatchedAndTheNextSubPathIsTried() {
        Path other = Path.of("/home/alice/.local/share/NotBJCA");
        assertThat(ImagePreparation.bjcaFolderOf(entry(other.resolve(SoftkeyDb.FILE_NAME).toString()), List.of(SUB)))
                .isEmpty();
        Path roaming = Path.of("/home/alice/AppData/Roaming/BJCA");
        assertThat(ImagePreparation.bjcaFolderOf(entry(roaming.resolve(SoftkeyDb.FILE_NAME).toString()),
                List.of(SUB, Path.of("AppData", "Roaming", "BJCA")))).contains(roaming);
    }

    @Test
    void aSubPathWithoutNamesMatchesNoFolder() {
        Path root = Path.of("/").toAbsolutePath().getRoot();
        assertThat(root.getNameCount()).isZero();
        assertThat(ImagePreparation.bjcaFolderOf(entry("/home/alice/BJCA/" + SoftkeyDb.FILE_NAME), List.of(root)))
                .isEmpty();
    }
}
