package io.keywatch.tray;

import io.keywatch.core.BjcaEnvironment;
import io.keywatch.core.Messages;
import io.keywatch.doctor.CertCache;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.doctor.DoctorSettings;
import io.keywatch.doctor.KeyCauses;
import io.keywatch.doctor.ReminderLog;
import io.keywatch.doctor.UsbView;
import io.keywatch.platform.ProcHostFacts;
import java.util.List;

/** The doctor for the tray's test child: the simulator's USB view and port, when the simulator plays BJCA. */
final class DoctorWiring {
    private DoctorWiring() {
    }

    static DoctorContext.Builder context(Messages m, BjcaEnvironment env, BjcaStandIn bjca, CertCache certs) {
        DoctorContext.Builder b = DoctorContext.builder(m, env).host(new ProcHostFacts()).certs(certs);
        if (bjca instanceof SimulatedBjca s) {
            b.settings(DoctorSettings.defaults().withServicePort(s.simulator().webSocketUrl().getPort()))
                    .usb(() -> s.simulator().component().certificates().usbView().stream()
                            .map(k -> new UsbView.Key(k.ids(), k.vendor())).toList());
        } else {
            b.usb(List::of);
        }
        return b;
    }

    static KeyCauses causes(Messages m, BjcaEnvironment env, BjcaStandIn bjca) {
        CertCache certs = new CertCache();
        return new KeyCauses(m, certs, ReminderLog.inMemory(), r -> context(m, env, bjca, certs).check(r).build());
    }
}
