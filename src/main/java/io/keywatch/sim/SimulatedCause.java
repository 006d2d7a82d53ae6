package io.keywatch.sim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every cause of "no key detected" the simulator can play ({@code reference/no-key-causes.md}), each
 * with the doctor check that must name it. {@link #apply} sets the simulator up and plugs the key(s)
 * in (or, for the service causes, takes the service away); the demo ({@code demo --cause ID}) and the
 * tests use the same set-ups.
 */
public enum SimulatedCause {
    HEALTHY(null),
    NO_SERVICE("bjca.service"),
    PORT_TAKEN("bjca.service"),
    DRIVER_MISSING("keys.driver"),
    TWO_KEYS("keys.single"),
    CERT_EXPIRING("cert.expiry"),
    CERT_EXPIRED("cert.validity"),
    CERT_REVOKED("cert.validity"),
    CERT_UNTRUSTED("cert.validity"),
    PIN_LOCKED("pin.retries"),
    PIN_LOW("pin.retries"),
    WRONG_CLOCK("clock"),
    SOFTKEY_DB("softkey.db");

    public static final String USER = "张三";
    public static final String SERIAL = "5303201812001784";
    public static final String SECOND_USER = "李四";
    public static final String SECOND_SERIAL = "5303201812009999";
    /** The key USB sees when its driver is missing: a Longmai GM3000. */
    public static final SimulatedCertificates.UsbKey DRIVERLESS = new SimulatedCertificates.UsbKey("055C:E618",
            "Longmai 龙脉 GM3000");

    private final String checkId;

    SimulatedCause(String checkId) {
        this.checkId = checkId;
    }

    /** The doctor check that names this cause; empty for {@link #HEALTHY}. */
    public Optional<String> checkId() {
        return Optional.ofNullable(checkId);
    }

    /** {@code cert-expired} for {@link #CERT_EXPIRED}: how the command line writes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SimulatedCause> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(SimulatedCause::id).toList());
    }

    /**
     * Sets the cause up on a started simulator and plugs the key in. {@link #SOFTKEY_DB} needs the
     * carried-over db written before ({@link BjcaSimulator#writeForeignDb}); the caller does it, as
     * the demo story tells it.
     *
     * @return what to close at the end: the program holding the port for {@link #PORT_TAKEN}
     */
    public AutoCloseable apply(BjcaSimulator sim) throws IOException {
        SimulatedCertificates certs = sim.component().certificates();
        SimulatedCertificates.State healthy = certs.healthy();
        Instant now = Instant.now();
        switch (this) {
            case NO_SERVICE -> {
                sim.insertKey(USER, SERIAL); // the key is in; the service is what is missing
                sim.stopListening();
                return () -> { };
            }
            case PORT_TAKEN -> {
                int port = sim.webSocketUrl().getPort();
                sim.insertKey(USER, SERIAL);
                sim.stopListening();
                return PortSquatter.on(port);
            }
            case DRIVER_MISSING -> {
                sim.removeKey();
                certs.showOnUsbOnly(DRIVERLESS);
                return () -> { };
            }
            case TWO_KEYS -> {
                sim.insertKey(USER, SERIAL);
                sim.addKey(SECOND_USER, SECOND_SERIAL);
                return () -> { };
            }
            case CERT_EXPIRING -> certs.set(SERIAL, healthy.withValidity(now.minus(Duration.ofDays(700)),
                    now.plus(Duration.ofDays(20))));
            case CERT_EXPIRED -> certs.set(SERIAL, healthy.withValidity(now.minus(Duration.ofDays(730)),
                    now.minus(Duration.ofDays(11))).withValidate(-2));
            case CERT_REVOKED -> certs.set(SERIAL, healthy.withValidate(-3));
            case CERT_UNTRUSTED -> certs.set(SERIAL, healthy.withValidate(-1));
            case PIN_LOCKED -> certs.set(SERIAL, healthy.withPinRetries(0));
            case PIN_LOW -> certs.set(SERIAL, healthy.withPinRetries(2));
            // This PC's clock is behind: the key's certificate was issued "in the future".
            case WRONG_CLOCK -> certs.set(SERIAL, healthy.withValidity(now.plus(Duration.ofDays(400)),
                    now.plus(Duration.ofDays(1130))).withValidate(-5));
            case HEALTHY, SOFTKEY_DB -> certs.set(SERIAL, healthy);
        }
        sim.insertKey(USER, SERIAL);
        return () -> { };
    }

    /**
     * What IT (or the nurse) does about it, played on the simulator: the service started again, the
     * driver installed, the extra key pulled, the certificate renewed, the PIN unlocked, the clock set.
     * {@link #SOFTKEY_DB} is KeyWatch's own repair (a reset), not the simulator's.
     *
     * @param played what {@link #apply} returned; closed here (the squatting program stopped)
     */
    public void fix(BjcaSimulator sim, AutoCloseable played) throws Exception {
        played.close();
        SimulatedCertificates certs = sim.component().certificates();
        switch (this) {
            case NO_SERVICE, PORT_TAKEN -> sim.startListening();
            case DRIVER_MISSING -> {
                certs.clearUsbOnly();
                sim.insertKey(USER, SERIAL);
            }
            case TWO_KEYS -> sim.insertKey(USER, SERIAL);
            case HEALTHY, SOFTKEY_DB -> { }
            default -> certs.set(SERIAL, certs.healthy());
        }
    }
}
