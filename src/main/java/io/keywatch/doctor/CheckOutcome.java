package io.keywatch.doctor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One check's result, in words the nurse reads ({@code summary}, {@code forUser}) and words for IT
 * ({@code forIt}); {@code details} holds the facts behind it for scripts (JSON-friendly values).
 */
public record CheckOutcome(String id, CheckState status, String summary, String forUser, String forIt,
                           Map<String, Object> details, Optional<Repair> repair) {

    public CheckOutcome {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        summary = summary == null ? "" : summary;
        forUser = forUser == null ? "" : forUser;
        forIt = forIt == null ? "" : forIt;
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        repair = repair == null ? Optional.empty() : repair;
    }

    public static Builder of(String id, CheckState status) {
        return new Builder(id, status);
    }

    /** Mutable while a check builds its answer; then {@link #build()}. */
    public static final class Builder {
        private final String id;
        private final CheckState status;
        private String summary = "";
        private String forUser = "";
        private String forIt = "";
        private final Map<String, Object> details = new LinkedHashMap<>();
        private Repair repair;

        private Builder(String id, CheckState status) {
            this.id = id;
            this.status = status;
        }

        public Builder summary(String s) {
            summary = s;
            return this;
        }

        public Builder forUser(String s) {
            forUser = s;
            return this;
        }

        public Builder forIt(String s) {
            forIt = s;
            return this;
        }

        /** A null value is left out. */
        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, value);
            }
            return this;
        }

        public Builder repair(Repair r) {
            repair = r;
            return this;
        }

        public CheckOutcome build() {
            return new CheckOutcome(id, status, summary, forUser, forIt, details, Optional.ofNullable(repair));
        }
    }
}
