package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.SoftkeyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SoftkeyDb#resetRefusal()} says no exactly where {@link SoftkeyDb#reset} would refuse, and changes nothing. */
class ResetRefusalTest {
    @TempDir
    Path tmp;

    private SoftkeyDb store(Path bjca, FileOps ops) {
        return new SoftkeyDb(bjca.resolve(SoftkeyDb.FILE_NAME), bjca, tmp.resolve("data"), Optional::empty,
                Optional::empty, Clock.systemUTC(), ops);
    }

    private Path bjca() throws IOException {
        return Files.createDirectories(tmp.resolve("BJCA"));
    }

    @Test
    void aPlainDbMayBeReset() throws IOException {
        Path bjca = bjca();
        Files.writeString(bjca.resolve(SoftkeyDb.FILE_NAME), "db");
        assertThat(store(bjca, FileOps.SYSTEM).resetRefusal()).isEmpty();
        assertThat(bjca.resolve(SoftkeyDb.FILE_NAME)).hasContent("db");
    }

    @Test
    void aFolderALinkAMissingDbAndAnUnreadableOneAreRefusedAsResetWouldRefuseThem() throws IOException {
        Path folderCase = Files.createDirectories(bjca().resolve("folder"));
        Files.createDirectories(folderCase.resolve(SoftkeyDb.FILE_NAME));
        Path linkCase = Files.createDirectories(tmp.resolve("BJCA/link"));
        Files.writeString(tmp.resolve("real.db"), "db");
        Files.createSymbolicLink(linkCase.resolve(SoftkeyDb.FILE_NAME), tmp.resolve("real.db"));
        Path missingCase = Files.createDirectories(tmp.resolve("BJCA/missing"));
        Path unreadableCase = Files.createDirectories(tmp.resolve("BJCA/unreadable"));
        Files.writeString(unreadableCase.resolve(SoftkeyDb.FILE_NAME), "db");
        FileOps denied = new FileOps() {
            @Override
            public FileChannel openRead(Path p) throws IOException {
                throw new AccessDeniedException(p.toString());
            }
        };

        for (SoftkeyDb s : new SoftkeyDb[] {store(folderCase, FileOps.SYSTEM), store(linkCase, FileOps.SYSTEM),
                store(missingCase, FileOps.SYSTEM), store(unreadableCase, denied)}) {
            assertThat(s.resetRefusal()).as(s.dbFile().toString())
                    .hasValueSatisfying(why -> assertThat(why).contains(s.dbFile().toString()));
            assertThatThrownBy(() -> s.reset("test")).isInstanceOf(SoftkeyException.class);
        }
        assertThat(tmp.resolve("real.db")).hasContent("db");
    }

    @Test
    void aDbInUseByAnotherProgramStillGetsTheAdviceToReset() throws IOException {
        Path bjca = bjca();
        Files.writeString(bjca.resolve(SoftkeyDb.FILE_NAME), "db");
        FileOps sharingViolation = new FileOps() {
            @Override
            public FileChannel openRead(Path p) throws IOException {
                throw new FileSystemException(p.toString(), null,
                        "The process cannot access the file because it is being used by another process");
            }
        };
        assertThat(store(bjca, sharingViolation).resetRefusal()).isEmpty();
    }
}
