package io.keywatch.softkey;

import static io.keywatch.softkey.TestFiles.writeDb;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keywatch.core.JournalEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class QuarantineJournalTest {
    static final Instant IMAGE_BUILT = Instant.parse("2023-11-15T09:30:00Z");

    @TempDir
    Path tmp;
    Path bjca;
    Path journalFile;
    SoftkeyDb store;
    final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    final Logger journalLog = (Logger) LoggerFactory.getLogger(QuarantineJournal.class);

    @BeforeEach
    void setUp() {
        bjca = tmp.resolve("BJCA");
        store = new SoftkeyDb(bjca.resolve(SoftkeyDb.FILE_NAME), bjca, tmp.resolve("data"), Optional::empty,
                Optional::empty, Clock.fixed(Instant.parse("2024-03-01T08:00:00Z"), ZoneOffset.UTC));
        journalFile = tmp.resolve("data/quarantine").resolve(QuarantineJournal.FILE_NAME);
        warnings.start();
        journalLog.addAppender(warnings);
    }

    @AfterEach
    void tearDown() {
        journalLog.detachAppender(warnings);
    }

    JournalEntry resetOne() throws Exception {
        writeDb(bjca.resolve(SoftkeyDb.FILE_NAME), 100, IMAGE_BUILT);
        return store.reset("test");
    }

    void append(String text) throws Exception {
        Files.writeString(journalFile, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    List<String> warningTexts() {
        return warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void damagedLinesAreSkippedWithAWarningNamingFileAndLine() throws Exception {
        JournalEntry first = resetOne();
        // lines 1 and 2: INTENT and MOVED of the first reset
        append("{this is not json\n");                                          // line 3
        append("{\"event\":\"MOVED\",\"id\":\"x\",\"originalPath\":\"/a\"}\n"); // line 4: fields missing
        append("{\"event\":\"RESTORED\",\"id\":\"nobody\",\"restoredAt\":\"2024-01-01T00:00:00Z\"}\n"); // line 5
        append("[1,2,3]\n");                                                    // line 6
        append("{\"event\":\"MOVED\",\"id\":\"y\",\"size\":\"big\"}\n");        // line 7
        JournalEntry second = resetOne();                                       // lines 8 and 9

        assertThat(store.journal()).containsExactly(first, second);
        assertThat(warningTexts()).hasSize(5);
        assertThat(warningTexts().get(0)).contains("line 3", journalFile.toString());
        assertThat(warningTexts().get(1)).contains("line 4", "missing");
        assertThat(warningTexts().get(2)).contains("line 5", "unknown id nobody");
        assertThat(warningTexts().get(3)).contains("line 6");
        assertThat(warningTexts().get(4)).contains("line 7", "size");
        assertThat(warningTexts()).noneMatch(w -> w.contains("\n"));
        assertThat(store.restore(second.id()).outcome()).isEqualTo(JournalEntry.RESTORED);
        assertThat(warningTexts()).as("each damaged line is reported once").hasSize(5);
    }

    @Test
    void aLineCutOffByACrashDoesNotSwallowTheNextEntry() throws Exception {
        JournalEntry first = resetOne();
        append("{\"event\":\"MOVED\",\"id\":\"cut");

        JournalEntry second = resetOne();

        assertThat(store.journal()).containsExactly(first, second);
        assertThat(Files.readAllLines(journalFile)).hasSize(5);
        assertThat(warningTexts()).singleElement().asString().contains("line 3");
    }

    @Test
    void aSecondRestoredRecordForTheSameIdIsIgnored() throws Exception {
        JournalEntry moved = resetOne();
        JournalEntry restored = store.restore(moved.id());
        append("{\"event\":\"RESTORED\",\"id\":\"" + moved.id() + "\",\"restoredAt\":\"2030-01-01T00:00:00Z\"}\n");

        assertThat(store.journal()).containsExactly(restored);
        assertThat(warningTexts()).singleElement().asString().contains("already restored");
    }

    @Test
    void timesAndTextSurviveTheRoundTrip() throws Exception {
        writeDb(bjca.resolve(SoftkeyDb.FILE_NAME), 100, IMAGE_BUILT);
        JournalEntry moved = store.reset("证书环境检查未通过 \"quoted\"\nnew line");

        JournalEntry read = store.journal().get(0);

        assertThat(read).isEqualTo(moved);
        assertThat(read.reason()).isEqualTo("证书环境检查未通过 \"quoted\"\nnew line");
        assertThat(Files.readAllLines(journalFile)).as("INTENT and MOVED").hasSize(2);
    }

    @Test
    void noJournalYetMeansNoEntriesAndNothingCreated() throws Exception {
        assertThat(store.journal()).isEmpty();
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void anInvalidByteInAChinesePathSkipsOnlyItsLineAndEveryEntryStaysRestorable() throws Exception {
        bjca = tmp.resolve("用户/护士站/BJCA");
        store = new SoftkeyDb(bjca.resolve(SoftkeyDb.FILE_NAME), bjca, tmp.resolve("data"), Optional::empty,
                Optional::empty, Clock.fixed(Instant.parse("2024-03-01T08:00:00Z"), ZoneOffset.UTC));
        byte[] firstContent = writeDb(bjca.resolve(SoftkeyDb.FILE_NAME), 100, IMAGE_BUILT);
        JournalEntry first = store.reset("first");                                 // lines 1, 2
        byte[] secondContent = writeDb(bjca.resolve(SoftkeyDb.FILE_NAME), 200, IMAGE_BUILT);
        JournalEntry second = store.reset("second");                               // lines 3, 4
        // A torn write: one byte of "护" in line 2 (the first MOVED) and in line 3 (the second INTENT).
        byte[] bytes = Files.readAllBytes(journalFile);
        tearFirstChineseCharacter(bytes, 2);
        tearFirstChineseCharacter(bytes, 3);
        Files.write(journalFile, bytes);

        List<JournalEntry> journal = store.journal();

        assertThat(journal).extracting(JournalEntry::id).containsExactly(second.id(), first.id());
        assertThat(journal).allMatch(JournalEntry::restorable);
        assertThat(warningTexts()).hasSize(2);
        assertThat(warningTexts().get(0)).contains("line 2", journalFile.toString(), "not valid UTF-8");
        assertThat(warningTexts().get(1)).contains("line 3", "not valid UTF-8");
        assertThat(store.restore(first.id()).outcome()).isEqualTo(JournalEntry.RESTORED);
        assertThat(Files.readAllBytes(bjca.resolve(SoftkeyDb.FILE_NAME))).isEqualTo(firstContent);
        Files.delete(bjca.resolve(SoftkeyDb.FILE_NAME));
        store.restore(second.id());
        assertThat(Files.readAllBytes(bjca.resolve(SoftkeyDb.FILE_NAME))).isEqualTo(secondContent);
    }

    /** Replaces the first byte of the first three-byte UTF-8 character on 1-based line {@code line} with 0xFF. */
    private static void tearFirstChineseCharacter(byte[] bytes, int line) {
        int n = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (n == line && (bytes[i] & 0xF0) == 0xE0) {
                bytes[i] = (byte) 0xFF;
                return;
            }
            if (bytes[i] == '\n') {
                n++;
            }
        }
        throw new AssertionError("no Chinese character on line " + line);
    }

    @Test
    void aJournalWrittenByTheEarlierFormatIsReadAndRestorable() throws Exception {
        // What KeyWatch wrote before the write-ahead records: MOVED with every field, RESTORED with the id.
        Files.createDirectories(bjca);
        Path q1 = Files.createDirectories(tmp.resolve("data/quarantine/20231201T000000.000Z-aaaaaa"));
        Path q2 = Files.createDirectories(tmp.resolve("data/quarantine/20231202T000000.000Z-bbbbbb"));
        byte[] content = TestFiles.randomBytes(300);
        Files.write(q2.resolve(SoftkeyDb.FILE_NAME), content);
        Files.writeString(journalFile, oldMoved("20231201T000000.000Z-aaaaaa", q1, TestFiles.sha256(new byte[1]), 1)
                + "{\"event\":\"RESTORED\",\"id\":\"20231201T000000.000Z-aaaaaa\",\"restoredAt\":\"2023-12-01T01:00:00Z\"}\n"
                + oldMoved("20231202T000000.000Z-bbbbbb", q2, TestFiles.sha256(content), content.length));

        List<JournalEntry> journal = store.journal();

        assertThat(journal).extracting(JournalEntry::outcome).containsExactly(JournalEntry.RESTORED, JournalEntry.MOVED);
        assertThat(journal.get(0).restoredAt()).contains(Instant.parse("2023-12-01T01:00:00Z"));
        assertThat(journal.get(1).modified()).contains(IMAGE_BUILT);
        assertThat(warningTexts()).isEmpty();
        store.restore("20231202T000000.000Z-bbbbbb");
        assertThat(Files.readAllBytes(bjca.resolve(SoftkeyDb.FILE_NAME))).isEqualTo(content);
    }

    private String oldMoved(String id, Path folder, String sha, int size) {
        return "{\"event\":\"MOVED\",\"id\":\"" + id + "\",\"originalPath\":\"" + bjca.resolve(SoftkeyDb.FILE_NAME)
                + "\",\"quarantinePath\":\"" + folder.resolve(SoftkeyDb.FILE_NAME) + "\",\"size\":" + size
                + ",\"modified\":\"" + IMAGE_BUILT + "\",\"sha256\":\"" + sha + "\",\"reason\":\"old\","
                + "\"movedAt\":\"2023-12-01T00:00:00Z\"}\n";
    }
}
