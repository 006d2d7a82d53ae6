package io.keywatch.sim;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The certificates on the simulated keys and the read-only calls about them, registered on the
 * {@link SimulatedComponent}: {@code SOF_ExportUserCert(certID)}, {@code SOF_GetCertInfo(cert, type)}
 * (2 serial, 11/12 validity as {@code YYYYMMDDHHMMSS} in the PC's zone, 17 holder),
 * {@code SOF_ValidateCert(cert)} and {@code SOF_GetPinRetryCount(certID)}. Each key's certificate is
 * healthy until a test or the demo sets it otherwise ({@link #set}); a certID or certificate the
 * component does not hold gets BJCA's error answers (-8, empty text). Also the simulator's USB view:
 * keys USB sees whether or not BJCA does (a key without its driver).
 */
public final class SimulatedCertificates {
    /** What a healthy simulated key answers for PIN tries. */
    public static final int PIN_TRIES = 10;
    /** {@code SOF_GetPinRetryCount} for a certID that is not there. */
    public static final int BAD_CERT_ID = -8;
    static final DateTimeFormatter BJCA_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String PREFIX = "SIMCERT ";

    /** One certificate's state: validity, {@code SOF_ValidateCert}'s answer, PIN tries left. */
    public record State(Instant validFrom, Instant validUntil, int validateCode, int pinRetries) {
        public State withValidity(Instant from, Instant until) {
            return new State(from, until, validateCode, pinRetries);
        }

        public State withValidate(int code) {
            return new State(validFrom, validUntil, code, pinRetries);
        }

        public State withPinRetries(int left) {
            return new State(validFrom, validUntil, validateCode, left);
        }
    }

    /** A key on USB: VID:PID and the vendor as the key catalog names it. */
    public record UsbKey(String ids, String vendor) { }

    private final SimulatedComponent component;
    private final Map<String, State> bySerial = new ConcurrentHashMap<>();
    private final List<UsbKey> usbOnly = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile ZoneId zone = ZoneId.systemDefault();

    SimulatedCertificates(SimulatedComponent component) {
        this.component = component;
        component.register("SOF_ExportUserCert", this::export);
        component.register("SOF_GetCertInfo", this::info);
        component.register("SOF_ValidateCert", this::validate);
        component.register("SOF_GetPinRetryCount", this::pinRetries);
    }

    /** A healthy certificate issued a year ago, valid for two more years. */
    public State healthy() {
        Instant now = clock.instant();
        return new State(now.minus(Duration.ofDays(365)), now.plus(Duration.ofDays(730)), 0, PIN_TRIES);
    }

    /** The certificate on the key with {@code serial} (whether or not that key is plugged in now). */
    public void set(String serial, State state) {
        bySerial.put(serial, state);
    }

    public State of(String serial) {
        return bySerial.computeIfAbsent(serial, s -> healthy());
    }

    /** The zone BJCA's dates are written in (the PC's). */
    public void zone(ZoneId z) {
        zone = z;
    }

    /** Keys USB sees in addition to the ones BJCA lists: a key whose driver is missing. */
    public void showOnUsbOnly(UsbKey key) {
        usbOnly.add(key);
    }

    public void clearUsbOnly() {
        usbOnly.clear();
    }

    /** What USB sees: each key BJCA lists (as a Feitian key) and those shown on USB only. */
    public List<UsbKey> usbView() {
        List<UsbKey> all = new ArrayList<>();
        component.keys().forEach(k -> all.add(new UsbKey("096E:0303", "Feitian 飞天诚信")));
        all.addAll(usbOnly);
        return all;
    }

    /** The certificate text of a key: base64, as BJCA exports it (not a real X.509 structure). */
    public static String certText(SimulatedComponent.Key key) {
        return Base64.getEncoder().encodeToString((PREFIX + key.serial() + " " + key.user())
                .getBytes(StandardCharsets.UTF_8));
    }

    private Object export(List<Object> params) {
        Optional<SimulatedComponent.Key> key = component.key(SimulatedComponent.param(params, 0));
        if (key.isEmpty()) {
            component.setError(SimulatedComponent.ERR_NO_DEVICE, "no certificate for " + SimulatedComponent.param(params, 0));
            return "";
        }
        component.setError(0, "");
        return certText(key.get());
    }

    private Optional<SimulatedComponent.Key> keyOfCert(String cert) {
        return component.keys().stream().filter(k -> certText(k).equals(cert)).findFirst();
    }

    private Object info(List<Object> params) {
        Optional<SimulatedComponent.Key> key = keyOfCert(SimulatedComponent.param(params, 0));
        if (key.isEmpty()) {
            component.setError(SimulatedComponent.ERR_NO_DEVICE, "not a certificate of a key present");
            return "";
        }
        State s = of(key.get().serial());
        String type = SimulatedComponent.param(params, 1).trim();
        return switch (type) {
            case "2" -> key.get().serial();
            case "11" -> BJCA_DATE.format(s.validFrom().atZone(zone));
            case "12" -> BJCA_DATE.format(s.validUntil().atZone(zone));
            case "17" -> key.get().user();
            default -> "";
        };
    }

    private Object validate(List<Object> params) {
        Optional<SimulatedComponent.Key> key = keyOfCert(SimulatedComponent.param(params, 0));
        return key.map(k -> of(k.serial()).validateCode()).orElse(-6);
    }

    private Object pinRetries(List<Object> params) {
        return component.key(SimulatedComponent.param(params, 0)).map(k -> of(k.serial()).pinRetries())
                .orElse(BAD_CERT_ID);
    }
}
