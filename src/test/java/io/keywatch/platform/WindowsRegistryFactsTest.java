package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class WindowsRegistryFactsTest {

    @Test
    void installDateIsUnixSeconds() {
        // 2024-01-20T08:30:00Z
        assertThat(WindowsRegistryFacts.fromInstallDate(1_705_739_400L))
                .contains(Instant.parse("2024-01-20T08:30:00Z"));
    }

    @Test
    void installDateDwordIsUnsigned() {
        // A REG_DWORD read into a Java int comes back negative after 2038-01-19; it is still a date.
        int asJavaInt = (int) 0x8000_0000L;
        assertThat(WindowsRegistryFacts.fromInstallDate(asJavaInt))
                .contains(Instant.ofEpochSecond(0x8000_0000L));
    }

    @Test
    void zeroAndAncientValuesAreUnknown() {
        assertThat(WindowsRegistryFacts.fromInstallDate(0)).isEmpty();
        assertThat(WindowsRegistryFacts.fromInstallDate(86_400)).isEmpty();
        assertThat(WindowsRegistryFacts.fromFileTime(0)).isEmpty();
        assertThat(WindowsRegistryFacts.fromFileTime(-5)).isEmpty();
        assertThat(WindowsRegistryFacts.fromFileTime(1)).isEmpty(); // 1601
    }

    @Test
    void fileTimeCountsHundredNanosecondsSince1601() {
        // 116444736000000000 is the Unix epoch as FILETIME (documented by Microsoft).
        long unixEpoch = 116_444_736_000_000_000L;
        long t = unixEpoch + 1_705_739_400L * 10_000_000L + 1234567L;
        assertThat(WindowsRegistryFacts.fromFileTime(t))
                .contains(Instant.parse("2024-01-20T08:30:00Z").plusNanos(123_456_700L));
    }

    @Test
    void preciseInstallTimeWinsOverInstallDate() {
        long unixEpoch = 116_444_736_000_000_000L;
        long installTime = unixEpoch + 1_705_739_412L * 10_000_000L;
        assertThat(WindowsRegistryFacts.installTime(1_705_739_400L, installTime))
                .contains(Instant.parse("2024-01-20T08:30:12Z"));
        assertThat(WindowsRegistryFacts.installTime(1_705_739_400L, null))
                .contains(Instant.parse("2024-01-20T08:30:00Z"));
        assertThat(WindowsRegistryFacts.installTime(1_705_739_400L, 0L))
                .contains(Instant.parse("2024-01-20T08:30:00Z"));
        assertThat(WindowsRegistryFacts.installTime(null, null)).isEmpty();
    }

    @Test
    void theEarliestInstallationCountsSoAnUpgradeDoesNotBlameTheDb() {
        Instant upgraded = Instant.parse("2025-05-01T00:00:00Z");
        Instant original = Instant.parse("2024-01-20T08:30:00Z");
        assertThat(WindowsRegistryFacts.earliest(List.of(Optional.of(upgraded), Optional.empty(), Optional.of(original))))
                .contains(original);
        assertThat(WindowsRegistryFacts.earliest(List.of(Optional.empty()))).isEmpty();
        assertThat(WindowsRegistryFacts.earliest(List.of())).isEmpty();
    }

    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void thisWindowsHasAPlausibleInstallDate() {
        assertThat(WindowsRegistryFacts.readOsInstallDate())
                .hasValueSatisfying(t -> assertThat(t).isBefore(Instant.now().plusSeconds(86_400))
                        .isAfter(Instant.parse("2000-01-01T00:00:00Z")));
    }
}
