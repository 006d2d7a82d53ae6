package io.keywatch.softkey;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keywatch.core.JournalEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@link QuarantineJournal} on its own: line endings, blank lines, the once-only warning, re-entry. */
class QuarantineJournalLinesTest {
    private static final Instant AT = Instant.parse("2024-03-01T08:00:00Z");

    @TempDir
    Path tmp;
    QuarantineJournal journal;
    final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    final Logger journalLog = (Logger) LoggerFactory.getLogger(QuarantineJournal.class);

    @BeforeEach
    void setUp() {
        journal = new QuarantineJournal(tmp.resolve("data/quarantine"));
        warnings.start();
        journalLog.addAppender(warnings);
    }

    @AfterEach
    void tearDown() {
        journalLog.detachAppender(warnings);
    }

    private static JournalEntry entry(String id) {
        return new JournalEntry(id, "/p/BJCA/bjca_softkey.db", "/q/" + id + "/bjca_softkey.db", 100, Optional.empty(),
                Optional.of(AT), "ab", "test", AT, JournalEntry.MOVED, Optional.empty());
    }

    private static String line(String id) throws Exception {
        return com.fasterxml.jackson.jr.ob.JSON.std.asString(JournalState.resetRecord(JournalState.MOVED, entry(id)));
    }

    private void write(String text) throws Exception {
        Files.createDirectories(journal.folder());
        Files.writeString(journal.file(), text, StandardCharsets.UTF_8);
    }

    @Test
    void crlfLinesAndBlankLinesReadAsRecordsWithoutWarnings() throws Exception {
        write(line("a") + "\r\n\r\n   \n" + line("b") + "\r\n\n" + line("c"));

        assertThat(journal.read().entries()).extracting(JournalEntry::id).containsExactly("a", "b", "c");
        assertThat(warnings.list).isEmpty();
    }

    @Test
    void aDamagedLineIsReportedOnceWithItsNumberAndNeverOutsideTheLock() throws Exception {
        write(line("a") + "\n\n{\"event\":\"MOVED\"}\n" + line("b") + "\n");

        assertThat(journal.read(false).entries()).hasSize(2);
        assertThat(warnings.list).isEmpty();
        assertThat(journal.read().entries()).extracting(JournalEntry::id).containsExactly("a", "b");
        assertThat(warnings.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .asString().startsWith("Skipping line 3 of the quarantine journal " + journal.file() + ": id is missing");
        journal.read();
        assertThat(warnings.list).hasSize(1);
    }

    @Test
    void appendWritesOneLinePerRecordAndReentryInsideTheLockWorks() throws Exception {
        String result = journal.exclusively(() -> {
            journal.append(JournalState.resetRecord(JournalState.MOVED, entry("a")));
            return journal.exclusively(() -> {
                journal.append(JournalState.resetRecord(JournalState.MOVED, entry("b")));
                return "inner";
            });
        });

        assertThat(result).isEqualTo("inner");
        assertThat(Files.readString(journal.file())).isEqualTo(line("a") + "\n" + line("b") + "\n");
        assertThat(journal.folder().resolve(QuarantineJournal.LOCK_FILE_NAME)).exists();
        assertThat(journal.read().entries()).extracting(JournalEntry::id).containsExactly("a", "b");
    }

    @Test
    void anUnfinishedLastLineIsClosedBeforeTheNextRecord() throws Exception {
        write(line("a") + "\n{\"event\":\"MOV");
        journal.exclusively(() -> {
            journal.append(JournalState.resetRecord(JournalState.MOVED, entry("b")));
            return null;
        });

        assertThat(Files.readString(journal.file()))
                .isEqualTo(line("a") + "\n{\"event\":\"MOV\n" + line("b") + "\n");
        assertThat(journal.read(false).entries()).extracting(JournalEntry::id).containsExactly("a", "b");
    }

    @Test
    void theLockTimeoutIsThirtySeconds() {
        assertThat(QuarantineJournal.LOCK_TIMEOUT).hasSeconds(30);
        assertThat(journal.file()).isEqualTo(tmp.resolve("data/quarantine/journal.jsonl").toAbsolutePath());
    }

    @Test
    void aJournalThatStartsWithAnEmptyLineIsReadWhole() throws Exception {
        write("\n" + line("a") + "\n");
        assertThat(journal.read().entries()).extracting(JournalEntry::id).containsExactly("a");
        assertThat(warnings.list).isEmpty();
    }

    @Test
    void aLastRecordCutOffAfterItsCarriageReturnIsStillRead() throws Exception {
        write(line("a") + "\r\n" + line("b") + "\r");
        assertThat(journal.read().entries()).extracting(JournalEntry::id).containsExactly("a", "b");
        assertThat(warnings.list).isEmpty();
    }

    @Test
    void aThreadInterruptedWhileWaitingForTheLockFailsAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> journal.exclusively(() -> "never"))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessage("interrupted while waiting for the quarantine lock");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
