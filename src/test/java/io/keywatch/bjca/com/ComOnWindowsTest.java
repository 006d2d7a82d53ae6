package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.W32Errors;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Real COM on a Windows runner (which has no BJCA installed). */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class ComOnWindowsTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void theApartmentThreadIsASingleThreadedApartment() throws Exception {
        ApartmentThread a = ApartmentThread.start(new WindowsMessageLoop(), T);
        try {
            // Joining an STA again from inside it answers S_FALSE; an MTA thread would get RPC_E_CHANGED_MODE.
            int hr = a.call(() -> {
                int r = Ole32.INSTANCE.CoInitializeEx(null, Ole32.COINIT_APARTMENTTHREADED).intValue();
                Ole32.INSTANCE.CoUninitialize();
                return r;
            }, T);
            assertThat(hr).isEqualTo(W32Errors.S_FALSE.intValue());
        } finally {
            a.stop();
            assertThat(a.awaitEnd(T)).isTrue();
        }
    }

    @Test
    void withoutBjcaTheComBridgeIsUnavailableAndTryOpenIsEmpty() {
        try (ComXtxClient c = new ComXtxClient(T, s -> List.of(), s -> List.of())) {
            try {
                c.version();
                org.junit.jupiter.api.Assumptions.abort("BJCA XTXAppCOM is installed on this runner");
            } catch (XtxException e) {
                assertThat(e.kind()).isEqualTo(XtxException.Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("not registered");
            }
        }
        Optional<XtxClient> opened = ComXtxClient.tryOpen(T, s -> List.of(), s -> List.of());
        assertThat(opened).isEmpty();
    }
}
