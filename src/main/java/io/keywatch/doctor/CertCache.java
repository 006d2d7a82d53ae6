package io.keywatch.doctor;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificate facts per cert id, read once while the key stays in (export + two or four
 * {@code SOF_GetCertInfo} calls, each bounded by the client's timeout). A failed read is not kept:
 * the next insertion tries again. {@link #clear()} when the key leaves (a renewed certificate comes
 * back on the same cert id).
 */
public final class CertCache {
    private final Map<String, CertFacts> byCertId = new ConcurrentHashMap<>();

    public CertFacts get(XtxClient client, KeyUser user, ZoneId zone) {
        CertFacts cached = byCertId.get(user.certId());
        if (cached != null) {
            return cached;
        }
        CertFacts read = read(client, user, zone);
        if (read.readable()) {
            byCertId.put(user.certId(), read);
        }
        return read;
    }

    /** Forgets every certificate whose id is not in {@code present}. */
    public void retainOnly(Collection<String> present) {
        Set<String> keep = Set.copyOf(present);
        byCertId.keySet().removeIf(id -> !keep.contains(id));
    }

    public void clear() {
        byCertId.clear();
    }

    public int size() {
        return byCertId.size();
    }

    static CertFacts read(XtxClient client, KeyUser user, ZoneId zone) {
        String cert;
        try {
            cert = client.exportUserCert(user.certId());
        } catch (XtxException e) {
            return CertFacts.unreadable(user.certId(), user.name(), "SOF_ExportUserCert: " + e.getMessage());
        }
        if (cert == null || cert.isBlank()) {
            return CertFacts.unreadable(user.certId(), user.name(), "SOF_ExportUserCert answered nothing");
        }
        String from = info(client, cert, 11);
        String until = info(client, cert, 12);
        Optional<String> serial = Optional.ofNullable(info(client, cert, 2)).filter(s -> !s.isBlank());
        String holder = Optional.ofNullable(info(client, cert, 17)).filter(s -> !s.isBlank()).orElse(user.name());
        Optional<String> problem = CertFacts.parseDate(until, zone).isEmpty()
                ? Optional.of("SOF_GetCertInfo(cert, 12) is not a date: " + until) : Optional.empty();
        return new CertFacts(user.certId(), holder, cert, CertFacts.parseDate(from, zone),
                CertFacts.parseDate(until, zone), serial, problem);
    }

    private static String info(XtxClient client, String cert, int type) {
        try {
            return client.certInfo(cert, type);
        } catch (XtxException e) {
            return null;
        }
    }
}
