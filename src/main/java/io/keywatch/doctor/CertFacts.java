package io.keywatch.doctor;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What a key's certificate says and cannot change while the key stays in: its text
 * ({@code SOF_ExportUserCert}) and validity dates ({@code SOF_GetCertInfo} 11/12), holder (17) and
 * serial (2). {@code problem} says why the certificate could not be read (then {@code cert} is empty).
 */
public record CertFacts(String certId, String holder, String cert, Optional<Instant> validFrom,
                        Optional<Instant> validUntil, Optional<String> serial, Optional<String> problem) {

    public boolean readable() {
        return !cert.isEmpty();
    }

    /** A name for the certificate in reminders and logs: its serial, else the cert id. */
    public String key() {
        return serial.orElse(certId);
    }

    public static CertFacts unreadable(String certId, String holder, String problem) {
        return new CertFacts(certId, holder, "", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(problem));
    }

    /**
     * BJCA's date ({@code YYYYMMDDHHMMSS}; separators as in {@code 2026/11/20 08:00:00} and a date
     * without a time are accepted too) in {@code zone}; empty when it is not a date.
     */
    public static Optional<Instant> parseDate(String text, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() != 8 && digits.length() != 12 && digits.length() != 14) {
            return Optional.empty();
        }
        try {
            int y = Integer.parseInt(digits.substring(0, 4));
            int mo = Integer.parseInt(digits.substring(4, 6));
            int d = Integer.parseInt(digits.substring(6, 8));
            int h = digits.length() >= 12 ? Integer.parseInt(digits.substring(8, 10)) : 0;
            int mi = digits.length() >= 12 ? Integer.parseInt(digits.substring(10, 12)) : 0;
            int s = digits.length() == 14 ? Integer.parseInt(digits.substring(12, 14)) : 0;
            return Optional.of(LocalDateTime.of(y, mo, d, h, mi, s).atZone(zone).toInstant());
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
