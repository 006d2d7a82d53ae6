package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericPlatformTest {
    static final Instant INSTALLED = Instant.parse("2024-01-20T10:00:00Z");

    @TempDir
    Path root;
    GenericPlatform platform;

    @BeforeEach
    void setUp() throws Exception {
        // As on a file system without birth times: the installer-log fallback decides.
        platform = new GenericPlatform(root, Files.createDirectories(root.resolve("home/nurse")), p -> Optional.empty());
        Files.createDirectories(root.resolve("etc"));
    }

    Path file(String relative, Instant modified) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "log");
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    @Test
    void theInstallDateIsTheNewestDebianInstallerLog() throws Exception {
        file("var/log/installer/media-info", Instant.parse("2023-10-01T00:00:00Z")); // copied from the ISO
        file("var/log/installer/syslog", INSTALLED);
        file("var/log/installer/status", INSTALLED.minusSeconds(600));

        assertThat(platform.osInstallDate()).contains(INSTALLED);
    }

    @Test
    void anacondaLogsServeOnFedoraAndRhel() throws Exception {
        file("var/log/anaconda/anaconda.log", INSTALLED);

        assertThat(platform.osInstallDate()).contains(INSTALLED);
    }

    @Test
    void foldersAndLinksInTheLogFolderDoNotCount() throws Exception {
        Path later = file("elsewhere/later.log", INSTALLED.plus(Duration.ofDays(90)));
        file("var/log/installer/syslog", INSTALLED);
        Files.createSymbolicLink(root.resolve("var/log/installer/link"), later);
        Path sub = Files.createDirectories(root.resolve("var/log/installer/cdebconf"));
        Files.setLastModifiedTime(sub, FileTime.from(INSTALLED.plus(Duration.ofDays(100))));

        assertThat(platform.osInstallDate()).contains(INSTALLED);
    }

    @Test
    void withoutEvidenceTheInstallDateIsUnknownNotGuessed() throws Exception {
        file("etc/hostname", INSTALLED);
        file("etc/machine-id", INSTALLED);
        Files.createDirectories(root.resolve("var/log/installer"));

        assertThat(platform.osInstallDate()).isEmpty();
    }

    @Test
    void aDateInTheFutureIsNotBelieved() throws Exception {
        file("var/log/installer/syslog", Instant.now().plus(Duration.ofDays(30)));

        assertThat(platform.osInstallDate()).isEmpty();
    }

    @Test
    void aRecordedBirthTimeOfTheMachineIdWins() throws Exception {
        Path machineId = file("etc/machine-id", INSTALLED.plus(Duration.ofDays(3)));
        file("var/log/installer/syslog", INSTALLED.minus(Duration.ofDays(1)));
        GenericPlatform withBirthTimes = new GenericPlatform(root, root.resolve("home/nurse"),
                p -> p.equals(machineId) ? Optional.of(INSTALLED) : Optional.empty());

        assertThat(withBirthTimes.osInstallDate()).contains(INSTALLED);
    }

    @Test
    void theBirthTimeOfEtcServesWithoutAMachineId() throws Exception {
        Path etc = root.resolve("etc");
        GenericPlatform withBirthTimes = new GenericPlatform(root, root.resolve("home/nurse"),
                p -> p.equals(etc) ? Optional.of(INSTALLED) : Optional.empty());

        assertThat(withBirthTimes.osInstallDate()).contains(INSTALLED);
    }

    @Test
    void aCreationTimeEqualToTheModificationTimeIsUnknown() throws Exception {
        Path f = file("some/file", INSTALLED);
        BasicFileAttributes real = Files.readAttributes(f, BasicFileAttributes.class);

        assertThat(GenericPlatform.creationTime(new FakeTimes(real, INSTALLED, INSTALLED))).isEmpty();
        assertThat(GenericPlatform.creationTime(new FakeTimes(real, INSTALLED.minusSeconds(5), INSTALLED)))
                .contains(INSTALLED.minusSeconds(5));
        assertThat(GenericPlatform.creationTime(root.resolve("missing"))).isEmpty();
    }

    @Test
    void anEpochCreationTimeMeansTheFileSystemKeepsNone() throws Exception {
        // statx on a file system without birth times reports 0: 1970 would make every db "carried over".
        BasicFileAttributes real = Files.readAttributes(file("some/file", INSTALLED), BasicFileAttributes.class);

        assertThat(GenericPlatform.creationTime(new FakeTimes(real, Instant.EPOCH, INSTALLED))).isEmpty();
    }

    @Test
    void aRealFileHasEitherNoCreationTimeOrTheMomentItWasCreated() throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        Path f = file("fresh/file", INSTALLED);
        Instant after = Instant.now().plusSeconds(2);

        GenericPlatform.creationTime(f).ifPresent(t -> assertThat(t).isBetween(before, after));
    }
}
