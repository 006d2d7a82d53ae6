package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.JournalEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order of a reset's and a restore's steps and of the folder syncs between them, as {@link FileOps}
 * sees it: every created, renamed or removed name is forced to disk before the next step is announced
 * (a crash test kills at a step, so a missing sync there is a name a power loss can take back). The
 * emptied quarantine folder's removal after a restore is not forced: if a power loss brings it back,
 * it is an empty folder recovery leaves alone.
 */
class DurableOrderTest extends SoftkeyDbFixture {
    final List<String> seen = new ArrayList<>();

    private String name(Path dir) {
        return tmp.relativize(dir).toString().replace(java.io.File.separatorChar, '/');
    }

    private FileOps recording(boolean sameStore) {
        return new FileOps() {
            @Override
            public boolean sameStore(Path a, Path b) {
                return sameStore && FileOps.super.sameStore(a, b);
            }

            @Override
            public void forceDirectory(Path dir) {
                seen.add("force " + name(dir));
                FileOps.super.forceDirectory(dir);
            }

            @Override
            public void step(String step) {
                seen.add("step " + step);
            }
        };
    }

    private static final String BJCA = "profile/AppData/LocalLow/BJCA";

    @Test
    void withinOneVolumeEachRenameIsForcedInBothFolders() throws Exception {
        writeDb(db, 1000, IMAGE_BUILT);
        SoftkeyDb store = store(recording(true));

        JournalEntry moved = store.reset("test");
        String entry = "keywatch/quarantine/" + moved.id();
        assertThat(seen).containsExactly("step reset.start", "step reset.intent", "force keywatch/quarantine",
                "step reset.folder", "force " + entry, "force " + BJCA, "step reset.renamed", "step reset.done");

        seen.clear();
        store.restore(moved.id());
        assertThat(seen).containsExactly("step restore.start", "step restore.intent", "force " + BJCA,
                "force " + entry, "step restore.renamed", "step restore.done");
    }

    @Test
    void acrossVolumesTheCopyTheRenameAndTheRemovalAreEachForced() throws Exception {
        writeDb(db, 70_000, IMAGE_BUILT);
        SoftkeyDb store = store(recording(false));

        JournalEntry moved = store.reset("test");
        String entry = "keywatch/quarantine/" + moved.id();
        assertThat(seen).containsExactly("step reset.start", "step reset.intent", "force keywatch/quarantine",
                "step reset.folder", "step reset.copying", "force " + entry, "step reset.copied", "force " + entry,
                "step reset.renamed", "force " + BJCA, "step reset.source-removed", "step reset.done");

        seen.clear();
        store.restore(moved.id());
        assertThat(seen).containsExactly("step restore.start", "step restore.intent", "step restore.copying",
                "force " + BJCA, "step restore.copied", "force " + BJCA, "step restore.renamed", "force " + entry,
                "step restore.source-removed", "step restore.done");
    }
}
