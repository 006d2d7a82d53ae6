package io.keywatch.doctor.checks;

import io.keywatch.core.KeyUser;
import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.doctor.UsbView;
import java.util.List;
import java.util.Optional;

/**
 * {@code keys.present}: is a key plugged in? OK when BJCA lists a certificate, or when USB sees a
 * known key that BJCA does not ({@code keys.driver} then says why); FAIL when neither sees one.
 */
public final class KeysPresentCheck implements DoctorCheck {
    public static final String ID = "keys.present";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        Optional<List<UsbView.Key>> usb = ctx.usbKeys();
        int onUsb = usb.map(List::size).orElse(0);
        if (ctx.serviceAnswers() && !ctx.users().isEmpty()) {
            String names = String.join(", ", ctx.users().stream().map(KeyUser::name).distinct().toList());
            return Words.outcome(ctx, ID, CheckState.OK, "ok", ctx.users().size(), names)
                    .detail("certificates", ctx.users().size()).detail("usbKeys", usb.map(List::size).orElse(null))
                    .build();
        }
        if (onUsb > 0) {
            return Words.outcome(ctx, ID, CheckState.OK, "usbOnly", onUsb, usb.get().get(0).vendor())
                    .detail("certificates", 0).detail("usbKeys", onUsb).build();
        }
        if (!ctx.serviceAnswers()) {
            return Words.skipped(ctx, ID, "noService");
        }
        if (ctx.deviceCount().orElse(0) > 0) {
            return Words.withActions(ctx, ID, CheckState.FAIL, "noCertificate", ctx.deviceCount().getAsInt())
                    .detail("devices", ctx.deviceCount().getAsInt()).build();
        }
        return Words.withActions(ctx, ID, CheckState.FAIL, "none").detail("certificates", 0)
                .detail("usbKeys", usb.map(List::size).orElse(null))
                .detail("usbProblem", ctx.usbProblem().orElse(null)).build();
    }
}
