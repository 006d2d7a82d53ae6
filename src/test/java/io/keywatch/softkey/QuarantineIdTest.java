package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The exact shape of a quarantine id (its folder is made by {@link io.keywatch.files.PrivateFolders}). */
class QuarantineIdTest {
    @Test
    void aQuarantineIdIsUtcToTheMillisecondAndSixLowerCaseHexDigits() {
        assertThat(JournalledMove.isId("20240301T080000.000Z-abc123")).isTrue();
        assertThat(JournalledMove.isId("20240301T080000.000Z-ABC123")).isFalse();
        assertThat(JournalledMove.isId("20240301T080000.000Z-abc12")).isFalse();
        assertThat(JournalledMove.isId("20240301T080000.000Z-abc1234")).isFalse();
        assertThat(JournalledMove.isId("20240301T080000Z-abc123")).isFalse();
        assertThat(JournalledMove.isId("not-an-id")).isFalse();
        assertThat(JournalledMove.timeOf("20240301T080000.123Z-abc123")).isEqualTo(Instant.parse("2024-03-01T08:00:00.123Z"));
    }
}
