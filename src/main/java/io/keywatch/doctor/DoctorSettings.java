package io.keywatch.doctor;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * @param expiryWarnDays  {@code cert.expiry} warns this many days before (config {@code doctor.expiryWarnDays})
 * @param validateTimeout {@code SOF_ValidateCert} may fetch revocation data: its own, shorter bound
 * @param factTimeout     bound of the other slow facts (USB listing, the port owner)
 * @param servicePort     the BJCA service's port, from {@code bjca.url}
 * @param zone            the zone BJCA's dates ({@code YYYYMMDDHHMMSS}) are written in: the PC's
 */
public record DoctorSettings(int expiryWarnDays, Duration validateTimeout, Duration factTimeout, int servicePort,
                             ZoneId zone) {
    public static final int DEFAULT_EXPIRY_WARN_DAYS = 60;
    public static final Duration DEFAULT_VALIDATE_TIMEOUT = Duration.ofMillis(2500);

    public DoctorSettings {
        if (expiryWarnDays < 0) {
            throw new IllegalArgumentException("expiryWarnDays must not be negative: " + expiryWarnDays);
        }
        Objects.requireNonNull(validateTimeout);
        Objects.requireNonNull(factTimeout);
        Objects.requireNonNull(zone);
    }

    public static DoctorSettings defaults() {
        return new DoctorSettings(DEFAULT_EXPIRY_WARN_DAYS, DEFAULT_VALIDATE_TIMEOUT, Duration.ofSeconds(3), 21051,
                ZoneId.systemDefault());
    }

    public DoctorSettings withExpiryWarnDays(int days) {
        return new DoctorSettings(days, validateTimeout, factTimeout, servicePort, zone);
    }

    public DoctorSettings withValidateTimeout(Duration d) {
        return new DoctorSettings(expiryWarnDays, d, factTimeout, servicePort, zone);
    }

    public DoctorSettings withServicePort(int port) {
        return new DoctorSettings(expiryWarnDays, validateTimeout, factTimeout, port, zone);
    }

    public DoctorSettings withZone(ZoneId z) {
        return new DoctorSettings(expiryWarnDays, validateTimeout, factTimeout, servicePort, z);
    }
}
