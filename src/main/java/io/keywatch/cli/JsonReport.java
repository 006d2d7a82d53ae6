package io.keywatch.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.core.CheckResult;
import io.keywatch.core.DbFacts;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.JournalEntry;
import io.keywatch.core.KeyUser;
import io.keywatch.core.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes KeyWatch prints for scripts; field names are part of the CLI contract (README). */
public final class JsonReport {
    private JsonReport() {
    }

    public static Map<String, Object> check(CheckResult r, Messages messages) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().name());
        m.put("exitCode", r.status().exitCode());
        m.put("summary", messages.summary(r));
        m.put("bridge", r.bridge());
        put(m, "bjcaVersion", r.version());
        put(m, "reason", r.reason());
        m.put("users", r.users().stream().map(JsonReport::user).toList());
        m.put("db", db(r.diagnosis().facts()));
        m.put("diagnosis", diagnosis(r.diagnosis(), messages));
        m.put("checkedAt", r.at().toString());
        return m;
    }

    public static Map<String, Object> db(DbFacts f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path().toString());
        m.put("exists", f.exists());
        if (f.exists()) {
            m.put("size", f.size());
        }
        putTime(m, "created", f.created());
        putTime(m, "modified", f.modified());
        return m;
    }

    public static Map<String, Object> diagnosis(Diagnosis d, Messages messages) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", d.verdict().name());
        m.put("explanation", messages.explain(d));
        putTime(m, "osInstalled", d.osInstalled());
        putTime(m, "profileCreated", d.profileCreated());
        d.comparedWith().ifPresent(c -> m.put("comparedWith", c.name()));
        put(m, "problem", d.problem());
        return m;
    }

    public static Map<String, Object> journalEntry(JournalEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("outcome", e.outcome());
        m.put("originalPath", e.originalPath());
        m.put("quarantinePath", e.quarantinePath());
        m.put("size", e.size());
        putTime(m, "created", e.created());
        putTime(m, "modified", e.modified());
        m.put("sha256", e.sha256());
        m.put("reason", e.reason());
        m.put("movedAt", e.movedAt().toString());
        putTime(m, "restoredAt", e.restoredAt());
        return m;
    }

    private static Map<String, Object> user(KeyUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        m.put("certId", u.certId());
        return m;
    }

    public static String write(Object value) {
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writeCompact(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(Map<String, Object> m, String key, Optional<String> v) {
        v.ifPresent(s -> m.put(key, s));
    }

    private static void putTime(Map<String, Object> m, String key, Optional<Instant> v) {
        v.ifPresent(t -> m.put(key, t.toString()));
    }

    public static List<Map<String, Object>> journal(List<JournalEntry> entries) {
        return entries.stream().map(JsonReport::journalEntry).toList();
    }
}
