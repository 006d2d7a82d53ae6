package io.keywatch.doctor;

import io.keywatch.assistant.AssistantLocator;
import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.CheckResult;
import io.keywatch.core.KeyUser;
import io.keywatch.core.Messages;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import io.keywatch.platform.HostFacts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * What the checks of one doctor run look at. Facts that several checks need (the environment check,
 * the device count, USB's view, the certificates) are asked once per run, on first use; a run is
 * confined to one thread. Built with {@link #builder}.
 */
public final class DoctorContext {
    private final Messages messages;
    private final BjcaEnvironment env;
    private final HostFacts host;
    private final UsbView usb;
    private final CertCache certs;
    private final DoctorSettings settings;
    private final Clock clock;
    private final Supplier<Optional<Instant>> osInstalled;
    private final Supplier<Map<String, Object>> selfFacts;
    private final Supplier<Optional<AssistantLocator.Lookup>> assistantLookup;

    private CheckResult check;
    private Optional<AssistantLocator.Lookup> assistant;
    private OptionalInt deviceCount;
    private Optional<List<UsbView.Key>> usbKeys;
    private String usbProblem;
    private List<CertFacts> certFacts;

    private DoctorContext(Builder b) {
        this.messages = b.messages;
        this.env = b.env;
        this.host = b.host;
        this.usb = b.usb;
        this.certs = b.certs;
        this.settings = b.settings;
        this.clock = b.clock;
        this.osInstalled = b.osInstalled;
        this.selfFacts = b.selfFacts;
        this.assistantLookup = b.assistantLookup;
        this.check = b.check;
    }

    public static Builder builder(Messages messages, BjcaEnvironment env) {
        return new Builder(messages, env);
    }

    public Messages messages() {
        return messages;
    }

    public XtxClient client() {
        return env.client();
    }

    public HostFacts host() {
        return host;
    }

    public DoctorSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public Optional<Instant> osInstalled() {
        return osInstalled.get();
    }

    public Map<String, Object> selfFacts() {
        return selfFacts.get();
    }

    /**
     * Where BJCA's certificate assistant is (found, or why not), looked up once per run and only when a
     * check asks (it lists a folder); empty when this doctor was built without a way to look.
     */
    public Optional<AssistantLocator.Lookup> assistant() {
        if (assistant == null) {
            assistant = assistantLookup.get();
        }
        return assistant;
    }

    /** {@code CheckSoftDeviceEnv} with users, version and the db's diagnosis: given (a key insertion) or asked once. */
    public CheckResult check() {
        if (check == null) {
            check = env.check();
        }
        return check;
    }

    /** True when some bridge answered the environment check (OK or FAILED). */
    public boolean serviceAnswers() {
        return switch (check().status()) {
            case OK, FAILED -> true;
            case UNAVAILABLE, TIMEOUT -> false;
        };
    }

    public List<KeyUser> users() {
        return check().users();
    }

    /** {@code GetDeviceCount()}; empty when the service cannot say. */
    public OptionalInt deviceCount() {
        if (deviceCount == null) {
            if (!serviceAnswers()) {
                deviceCount = OptionalInt.empty();
            } else {
                try {
                    deviceCount = OptionalInt.of(env.client().deviceCount());
                } catch (XtxException e) {
                    deviceCount = OptionalInt.empty();
                }
            }
        }
        return deviceCount;
    }

    /** Keys by the serial part of their cert ids ({@code container/serial}): one per key. */
    public int keysByCertId() {
        return (int) users().stream().map(u -> {
            int slash = u.certId().lastIndexOf('/');
            return slash < 0 ? u.certId() : u.certId().substring(slash + 1);
        }).distinct().count();
    }

    /** The known keys USB sees; empty when USB cannot be listed here ({@link #usbProblem()} says why). */
    public Optional<List<UsbView.Key>> usbKeys() {
        if (usbKeys == null) {
            try {
                usbKeys = Optional.of(List.copyOf(Bounded.call(settings.factTimeout(), usb::knownKeys)));
            } catch (Exception e) {
                usbProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                usbKeys = Optional.empty();
            }
        }
        return usbKeys;
    }

    public Optional<String> usbProblem() {
        usbKeys();
        return Optional.ofNullable(usbProblem);
    }

    /** The certificates of the keys present, read once per key (cached across runs by the {@link CertCache}). */
    public List<CertFacts> certificates() {
        if (certFacts == null) {
            List<CertFacts> list = new ArrayList<>();
            if (serviceAnswers()) {
                certs.retainOnly(users().stream().map(KeyUser::certId).toList());
                for (KeyUser u : users()) {
                    list.add(certs.get(env.client(), u, settings.zone()));
                }
            }
            certFacts = List.copyOf(list);
        }
        return certFacts;
    }

    /** "{user} IT: {it}": one line for the JSON's {@code action}. */
    public String action(CheckOutcome o) {
        if (o.forUser().isEmpty()) {
            return o.forIt().isEmpty() ? "" : messages.get("doctor.action.itOnly", o.forIt());
        }
        return o.forIt().isEmpty() ? o.forUser() : messages.get("doctor.action.both", o.forUser(), o.forIt());
    }

    public static final class Builder {
        private final Messages messages;
        private final BjcaEnvironment env;
        private HostFacts host = new io.keywatch.platform.ProcHostFacts();
        private UsbView usb = List::of;
        private CertCache certs = new CertCache();
        private DoctorSettings settings = DoctorSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private Supplier<Optional<Instant>> osInstalled = Optional::empty;
        private Supplier<Map<String, Object>> selfFacts = LinkedHashMap::new;
        private Supplier<Optional<AssistantLocator.Lookup>> assistantLookup = Optional::empty;
        private CheckResult check;

        private Builder(Messages messages, BjcaEnvironment env) {
            this.messages = messages;
            this.env = env;
        }

        public Builder host(HostFacts h) {
            host = h;
            return this;
        }

        public Builder usb(UsbView u) {
            usb = u;
            return this;
        }

        public Builder certs(CertCache c) {
            certs = c;
            return this;
        }

        public Builder settings(DoctorSettings s) {
            settings = s;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public Builder osInstalled(Supplier<Optional<Instant>> s) {
            osInstalled = s;
            return this;
        }

        public Builder selfFacts(Supplier<Map<String, Object>> s) {
            selfFacts = s;
            return this;
        }

        /** How to find BJCA's certificate assistant ({@code AppContext.assistantLookup}, a fake in tests). */
        public Builder assistant(Supplier<AssistantLocator.Lookup> lookup) {
            java.util.Objects.requireNonNull(lookup);
            assistantLookup = () -> Optional.of(lookup.get());
            return this;
        }

        /** The environment check already made (a key insertion): no second {@code CheckSoftDeviceEnv}. */
        public Builder check(CheckResult r) {
            check = r;
            return this;
        }

        public DoctorContext build() {
            return new DoctorContext(this);
        }
    }
}
