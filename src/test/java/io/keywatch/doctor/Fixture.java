package io.keywatch.doctor;

import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.FakeStore;
import io.keywatch.core.FakeXtx;
import io.keywatch.core.Messages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One PC for a doctor test: scripted BJCA, softkey db, host facts, USB view and a fixed clock. */
final class Fixture {
    static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    static final ZoneId ZONE = ZoneOffset.UTC;

    final ScriptedXtx xtx = new ScriptedXtx();
    final FakeStore store = new FakeStore(new FakeXtx());
    final FakeHost host = new FakeHost();
    final List<UsbView.Key> usb = new ArrayList<>();
    final CertCache certs = new CertCache();
    Exception usbFailure;
    /** BJCA's certificate assistant as the locator would find it; null: the doctor has no way to look. */
    java.util.function.Supplier<io.keywatch.assistant.AssistantLocator.Lookup> assistant;
    Instant now = NOW;
    Optional<Instant> osInstalled = Optional.of(Instant.parse("2024-01-20T09:00:00Z"));
    DoctorSettings settings = DoctorSettings.defaults().withZone(ZONE);
    Messages messages = Messages.of(Locale.ENGLISH, ZONE);

    Fixture() {
        store.dbPresent = false; // a healthy PC: BJCA made its own db
    }

    Fixture zh() {
        messages = Messages.of(Locale.SIMPLIFIED_CHINESE, ZONE);
        return this;
    }

    BjcaEnvironment env() {
        return new BjcaEnvironment(xtx, store, Clock.fixed(now, ZONE));
    }

    DoctorContext.Builder builder() {
        DoctorContext.Builder b = DoctorContext.builder(messages, env());
        if (assistant != null) {
            b.assistant(assistant);
        }
        return b.host(host).certs(certs).settings(settings)
                .clock(Clock.fixed(now, ZONE)).osInstalled(() -> osInstalled)
                .usb(() -> {
                    if (usbFailure != null) {
                        throw usbFailure;
                    }
                    return List.copyOf(usb);
                });
    }

    DoctorContext context() {
        return builder().build();
    }

    DoctorReport runAll() {
        return Doctor.all().run(context());
    }

    CheckOutcome run(DoctorCheck check) {
        return check.run(context());
    }
}
