package io.keywatch.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What the file system says about {@code bjca_softkey.db}. Times are absent when the file is
 * missing or the platform does not record them.
 */
public record DbFacts(Path path, boolean exists, long size, Optional<Instant> created, Optional<Instant> modified) {

    public static DbFacts missing(Path path) {
        return new DbFacts(path, false, 0, Optional.empty(), Optional.empty());
    }
}
