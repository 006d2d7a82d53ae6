package io.keywatch.doctor.checks;

import io.keywatch.doctor.CheckOutcome;
import io.keywatch.doctor.CheckState;
import io.keywatch.doctor.DoctorCheck;
import io.keywatch.doctor.DoctorContext;
import io.keywatch.doctor.UsbView;
import java.util.List;
import java.util.Optional;

/**
 * {@code keys.driver}: USB shows a known key but BJCA sees none — its driver is missing, or this
 * BJCA client does not support the model. Names the vendor so IT installs the right driver.
 */
public final class KeysDriverCheck implements DoctorCheck {
    public static final String ID = "keys.driver";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckOutcome run(DoctorContext ctx) {
        if (!ctx.serviceAnswers()) {
            return Words.skipped(ctx, ID, "noService");
        }
        if (!ctx.users().isEmpty() || ctx.deviceCount().orElse(0) > 0) {
            return Words.outcome(ctx, ID, CheckState.OK, "ok").build();
        }
        Optional<List<UsbView.Key>> usb = ctx.usbKeys();
        if (usb.isEmpty()) {
            return Words.skipped(ctx, ID, "noUsb", ctx.usbProblem().orElse("?"));
        }
        if (usb.get().isEmpty()) {
            return Words.skipped(ctx, ID, "noKey");
        }
        UsbView.Key k = usb.get().get(0);
        return Words.withActions(ctx, ID, CheckState.FAIL, "missing", k.vendor(), k.ids(), usb.get().size())
                .detail("vendor", k.vendor()).detail("usbId", k.ids()).detail("usbKeys", usb.get().size()).build();
    }
}
