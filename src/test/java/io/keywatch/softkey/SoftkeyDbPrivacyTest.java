package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What KeyWatch keeps stays private on POSIX: folders 0700, the journal 0600, copies keep the db's mode. */
@DisabledOnOs(OS.WINDOWS)
class SoftkeyDbPrivacyTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");

    @TempDir
    Path tmp;
    Path bjca;
    Path data;
    Path db;

    @BeforeEach
    void layout() throws IOException {
        bjca = Files.createDirectories(tmp.resolve("profile/BJCA"));
        data = tmp.resolve("share/keywatch");
        db = bjca.resolve(SoftkeyDb.FILE_NAME);
    }

    SoftkeyDb store(FileOps ops) {
        return new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, Clock.systemUTC(), ops);
    }

    /** Every move a copy; at each copy's first block, notes the mode of every partial copy there is. */
    FileOps crossVolume(List<String> modesWhileCopying) {
        return new FileOps() {
            @Override
            public boolean sameStore(Path a, Path b) {
                return false;
            }

            @Override
            public void step(String name) {
                if (name.endsWith(".copying")) {
                    modesWhileCopying.add(name + " " + modeOfPartials());
                }
            }

            private String modeOfPartials() {
                try (var all = Files.walk(tmp)) {
                    return all.filter(p -> p.toString().endsWith(".partial")).map(SoftkeyDbPrivacyTest::mode)
                            .toList().toString();
                } catch (IOException e) {
                    return e.toString();
                }
            }
        };
    }

    static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aResetCreatesTheDataFolderTheQuarantineAndItsEntryOwnerOnly() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));

        JournalEntry moved = store(FileOps.SYSTEM).reset("test");

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("quarantine"))).isEqualTo("rwx------");
        assertThat(mode(Path.of(moved.quarantinePath()).getParent())).isEqualTo("rwx------");
        assertThat(mode(data.resolve("quarantine/journal.jsonl"))).isEqualTo("rw-------");
        assertThat(mode(Path.of(moved.quarantinePath()))).isEqualTo("rw-------");
        assertThat(mode(data.getParent())).as("a missing parent gets the usual mode, not ours").isEqualTo("rwxr-xr-x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "rw-r-----", "r--------"})
    void aCrossVolumeCopyKeepsTheModeAndRestorePutsItBack(String original) throws Exception {
        writeDb(db, 200_000, IMAGE_BUILT);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString(original));
        List<String> whileCopying = new ArrayList<>();
        SoftkeyDb store = store(crossVolume(whileCopying));

        JournalEntry moved = store.reset("test");
        assertThat(mode(Path.of(moved.quarantinePath()))).isEqualTo(original);
        store.restore(moved.id());

        assertThat(mode(db)).isEqualTo(original);
        assertThat(Path.of(moved.quarantinePath())).doesNotExist();
        assertThat(whileCopying).as("a partial copy is never readable by others")
                .containsExactly("reset.copying [rw-------]", "restore.copying [rw-------]");
    }

    @Test
    void existingFoldersThatOthersCouldReadAreMadePrivateAtStart() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        JournalEntry moved = store(FileOps.SYSTEM).reset("test");
        Path entry = Path.of(moved.quarantinePath()).getParent();
        for (Path p : List.of(data, data.resolve("quarantine"), entry)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        assertThat(store(FileOps.SYSTEM).recoverInterrupted()).isZero();

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("quarantine"))).isEqualTo("rwx------");
        assertThat(mode(entry)).isEqualTo("rwx------");
    }
}
