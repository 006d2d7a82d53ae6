package io.keywatch.doctor;

import io.keywatch.core.ExitCodes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every check's outcome in order, and what follows from them: the verdict, the exit code and the
 * cause. {@link #toMap} is the {@code doctor --json} contract (README.md).
 */
public record DoctorReport(List<CheckOutcome> checks, List<String> actions, Instant at) {
    /** The check whose FAIL means BJCA cannot be reached at all: exit code 3. */
    public static final String SERVICE = "bjca.service";

    public DoctorReport {
        checks = List.copyOf(checks);
        actions = List.copyOf(actions);
        if (actions.size() != checks.size()) {
            throw new IllegalArgumentException("one action per check");
        }
    }

    /** FAIL with any FAIL, else WARN with any WARN, else OK (SKIPPED counts for nothing). */
    public CheckState verdict() {
        if (checks.stream().anyMatch(c -> c.status() == CheckState.FAIL)) {
            return CheckState.FAIL;
        }
        return checks.stream().anyMatch(c -> c.status() == CheckState.WARN) ? CheckState.WARN : CheckState.OK;
    }

    /** 3 when BJCA cannot be reached at all, 1 with another FAIL, else 0. */
    public int exitCode() {
        if (checks.stream().anyMatch(c -> c.id().equals(SERVICE) && c.status() == CheckState.FAIL)) {
            return ExitCodes.UNAVAILABLE;
        }
        return verdict() == CheckState.FAIL ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** The first FAIL, else the first WARN. */
    public Optional<CheckOutcome> cause() {
        return checks.stream().filter(c -> c.status() == CheckState.FAIL).findFirst()
                .or(() -> checks.stream().filter(c -> c.status() == CheckState.WARN).findFirst());
    }

    public Optional<CheckOutcome> get(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** {@code {"verdict", "exitCode", "cause", "checks": [{"id", "status", "summary", "action", "details"}]}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdict().name());
        m.put("exitCode", exitCode());
        m.put("cause", cause().map(CheckOutcome::id).orElse(null));
        m.put("checkedAt", at.toString());
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            CheckOutcome c = checks.get(i);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", c.id());
            one.put("status", c.status().name());
            one.put("summary", c.summary());
            one.put("action", actions.get(i));
            one.put("details", c.details());
            list.add(one);
        }
        m.put("checks", list);
        return m;
    }
}
