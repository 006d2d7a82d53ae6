package io.keywatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.JournalEntry;
import io.keywatch.softkey.SoftkeyDb;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore} over a damaged journal, and the recovery every command makes at its start. */
class RestoreCommandTest {
    @TempDir
    Path tmp;
    Path bjca;
    Path db;
    Path data;
    Path config;
    Path journal;

    record Run(int exitCode, String out, String err) { }

    @BeforeEach
    void setUp() throws IOException {
        bjca = Files.createDirectories(tmp.resolve("用户/护士站/LocalLow/BJCA"));
        db = bjca.resolve(SoftkeyDb.FILE_NAME);
        data = tmp.resolve("data");
        journal = data.resolve("quarantine/journal.jsonl");
        config = tmp.resolve("keywatch.json");
        Files.writeString(config, "{\"softkeyDb\": {\"path\": " + JSON.std.asString(db.toString()) + "},"
                + " \"dataDir\": " + JSON.std.asString(data.toString()) + "}");
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(rc, out.toString(), err.toString());
    }

    private byte[] writeDb(int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Files.write(db, content);
        return content;
    }

    private JournalEntry reset() throws Exception {
        return new SoftkeyDb(db, bjca, data, Optional::empty, Optional::empty, Clock.systemUTC()).reset("test");
    }

    @Test
    void oneInvalidByteInTheJournalNoLongerLocksTheQuarantine() throws Exception {
        byte[] first = writeDb(1000);
        JournalEntry a = reset();
        byte[] second = writeDb(2000);
        JournalEntry b = reset();
        byte[] bytes = Files.readAllBytes(journal);
        int torn = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"id\":\"" + b.id());
        torn = indexOfChineseByte(bytes, torn); // inside the Chinese path of the second INTENT line
        bytes[torn] = (byte) 0xFF;
        Files.write(journal, bytes);

        Run list = run("restore", "--list", "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        List<Object> ids = JSON.std.listFrom(list.out()).stream().map(e -> (Object) ((Map<?, ?>) e).get("id")).toList();
        assertThat(ids).containsExactly(a.id(), b.id());

        Run text = run("restore", "--list");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains(a.id(), b.id());

        Run latest = run("restore");
        assertThat(latest.exitCode()).as(latest.err()).isZero();
        assertThat(Files.readAllBytes(db)).isEqualTo(second);

        Files.delete(db);
        Run byId = run("restore", a.id());
        assertThat(byId.exitCode()).as(byId.err()).isZero();
        assertThat(byId.out()).contains(a.id());
        assertThat(Files.readAllBytes(db)).isEqualTo(first);
    }

    private static int indexOfChineseByte(byte[] bytes, int from) {
        for (int i = from; i < bytes.length && bytes[i] != '\n'; i++) {
            if ((bytes[i] & 0xF0) == 0xE0) {
                return i;
            }
        }
        throw new AssertionError("no Chinese character after " + from);
    }

    @Test
    void anyCommandFinishesAResetACrashInterrupted() throws Exception {
        byte[] content = writeDb(3000);
        JournalEntry moved = reset();
        // As a kill right after the move leaves it: the intent is on disk, the MOVED record is not.
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        Files.write(journal, lines.subList(0, 1), StandardCharsets.UTF_8);

        Run status = run("status"); // no tray runs: exit 3, and the store is not otherwise touched
        assertThat(status.exitCode()).isEqualTo(3);

        List<String> after = Files.readAllLines(journal, StandardCharsets.UTF_8);
        assertThat(after).hasSize(2);
        assertThat(after.get(1)).startsWith("{\"event\":\"MOVED\",\"id\":\"" + moved.id() + "\"");
        Run restore = run("restore");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(Files.readAllBytes(db)).isEqualTo(content);
    }
}
