package io.keywatch.diagnostics;

import io.keywatch.core.CheckResult;
import io.keywatch.core.Diagnosis;
import io.keywatch.core.Messages;
import io.keywatch.platform.HostIdentity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** {@value Diagnostics#SUMMARY}: what an engineer reads first, in Chinese and English. */
final class Summary {
    private Summary() {
    }

static String summary(Instant at, ZoneId zone, String version, BjcaPart bjca, Diagnosis diagnosis, int journalEntries, List<Diagnostics.PartStatus> parts) {
    StringBuilder b = new StringBuilder();
    List<Diagnostics.PartStatus> problems = parts.stream().filter(p -> !p.inZip() && p.state() != Diagnostics.State.ABSENT).toList();
    for (Locale locale : List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH)) {
        Messages m = Messages.of(locale, zone);
        b.append(m.get("diagnose.summary.title")).append('\n');
        b.append(m.get("diagnose.summary.generated", m.dateTime(at), HostIdentity.machine(), HostIdentity.user()))
                .append('\n');
        b.append(m.get("diagnose.summary.versions", version, bjca.version.orElse(m.get("diagnose.summary.unknown")),
                bjca.bridge, System.getProperty("os.name") + " " + System.getProperty("os.version"))).append('\n');
        if (bjca.status.isPresent() && diagnosis != null) {
            CheckResult r = new CheckResult(bjca.status.get(), diagnosis, bjca.users, bjca.version, bjca.bridge,
                    bjca.reason, at);
            b.append(m.get("diagnose.summary.check", m.summary(r))).append('\n');
        } else if (bjca.status.isPresent()) {
            b.append(m.get("diagnose.summary.checkOnly", bjca.status.get().name())).append('\n');
        } else {
            b.append(m.get("diagnose.summary.noCheck")).append('\n');
        }
        if (diagnosis != null) {
            b.append(m.get("diagnose.summary.db", m.explain(diagnosis))).append('\n');
        }
        if (journalEntries >= 0) {
            b.append(m.get("diagnose.summary.journal", journalEntries)).append('\n');
        }
        b.append(problems.isEmpty() ? m.get("diagnose.summary.allParts", parts.size())
                : m.get("diagnose.summary.someParts", parts.size(),
                String.join(", ", problems.stream().map(Diagnostics.PartStatus::name).toList()))).append('\n');
        b.append(m.get("diagnose.summary.privacy")).append("\n\n");
    }
    return b.toString();
}
}
