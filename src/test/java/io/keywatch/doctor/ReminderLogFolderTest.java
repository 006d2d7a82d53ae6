package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The expiry reminders live in KeyWatch's data folder: when they are the first to need it, it is made private. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX modes; on Windows the data folder inherits the profile's ACL")
class ReminderLogFolderTest {
    @TempDir
    Path tmp;

    @Test
    void theFirstReminderMakesTheDataFolderPrivateAndIsRememberedThere() throws Exception {
        Path data = tmp.resolve("share/keywatch");
        ReminderLog log = ReminderLog.inFolder(data);
        assertThat(log.firstToday("UserKey/1", LocalDate.of(2026, 12, 2))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(data.resolve(ReminderLog.FILE_NAME)).isRegularFile();
        assertThat(ReminderLog.inFolder(data).firstToday("UserKey/1", LocalDate.of(2026, 12, 2)))
                .as("read back from the folder").isFalse();
    }
}
