package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The log file's folders are KeyWatch's: made private before Logback could make them with the default mode. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX modes; on Windows the folders inherit the profile's ACL")
class LoggingFolderTest {
    @TempDir
    Path tmp;

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @AfterEach
    void detachTheFile() {
        var file = root().getAppender("FILE");
        if (file != null) {
            root().detachAppender(file);
            file.stop();
        }
    }

    @Test
    void theDataAndLogFoldersAreCreatedPrivateAndTheLogIsWrittenThere() throws Exception {
        Path data = tmp.resolve("share/keywatch");
        Path logs = data.resolve("logs");
        Logging.toFile(logs);
        LoggerFactory.getLogger(LoggingFolderTest.class).warn("private log line");
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(logs)).isEqualTo("rwx------");
        assertThat(Files.readString(logs.resolve(Logging.LOG_FILE))).contains("private log line");
    }

    @Test
    void aWideLogFolderIsNarrowed() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("data/logs"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxr-x"));
        Logging.toFile(logs);
        assertThat(mode(logs)).isEqualTo("rwx------");
    }

    @Test
    void aFolderThatCannotBeMadeMeansNoLogFileAndNoCrash() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("data"), "a file where the data folder should be");
        Logging.toFile(blocker.resolve("logs"));
        assertThat(root().getAppender("FILE")).as("no file appender, so Logback makes no folder either").isNull();
        assertThat(blocker).isRegularFile();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
