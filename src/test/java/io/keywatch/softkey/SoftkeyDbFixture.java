package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.platform.FakeTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The layout and helpers the SoftkeyDb tests share: a profile's BJCA folder and KeyWatch's data folder. */
abstract class SoftkeyDbFixture {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");
    static final Instant NOW = Instant.parse("2024-03-01T08:00:00Z");

    @TempDir
    Path tmp;
    Path bjca;
    Path data;
    Path db;
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeEach
    void layout() throws IOException {
        bjca = Files.createDirectories(tmp.resolve("profile/AppData/LocalLow/BJCA"));
        data = tmp.resolve("keywatch");
        db = bjca.resolve(SoftkeyDb.FILE_NAME);
    }

    SoftkeyDb store() {
        return store(FileOps.SYSTEM);
    }

    SoftkeyDb store(FileOps ops) {
        return new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, clock, ops);
    }

    /** Asserts that a refused reset left the db, the quarantine and the journal as they were. */
    void assertUnchanged(byte[] content, Instant modified) throws Exception {
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(db).toInstant()).isEqualTo(modified);
        assertThat(store().journal()).isEmpty();
        Path quarantine = data.resolve(SoftkeyDb.QUARANTINE_FOLDER);
        if (Files.isDirectory(quarantine)) {
            try (Stream<Path> s = Files.list(quarantine)) {
                assertThat(s.filter(Files::isDirectory)).as("no quarantine folder left behind").isEmpty();
            }
        }
    }

    static FileOps createdAt(Instant created) {
        return new FileOps() {
            @Override
            public BasicFileAttributes readAttributes(Path p) throws IOException {
                BasicFileAttributes real = FileOps.super.readAttributes(p);
                return real.isRegularFile() ? FakeTimes.createdAt(real, created) : real;
            }
        };
    }
}
