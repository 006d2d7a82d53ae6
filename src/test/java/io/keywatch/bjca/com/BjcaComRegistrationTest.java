package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.bjca.com.BjcaComRegistration.Facts;
import io.keywatch.bjca.com.BjcaComRegistration.State;
import io.keywatch.core.XtxException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** A BJCA registered for 32-bit programs only: the decision, the bridge's reason and its fallback. */
class BjcaComRegistrationTest {

    @Test
    void everyCombinationOfTheRegistryViews() {
        assertThat(BjcaComRegistration.decide(new Facts(true, false, false, false))).isEqualTo(State.REGISTERED);
        assertThat(BjcaComRegistration.decide(new Facts(true, true, false, false))).as("both views").isEqualTo(State.REGISTERED);
        assertThat(BjcaComRegistration.decide(new Facts(true, true, true, true))).isEqualTo(State.REGISTERED);
        assertThat(BjcaComRegistration.decide(new Facts(false, true, false, false))).isEqualTo(State.ONLY_32_BIT);
        assertThat(BjcaComRegistration.decide(new Facts(false, true, true, false))).as("an EXE server works out of process")
                .isEqualTo(State.ONLY_32_BIT_LOCAL_SERVER);
        assertThat(BjcaComRegistration.decide(new Facts(false, false, false, false))).isEqualTo(State.NOT_REGISTERED);
    }

    /**
     * The 32-bit DLL with an AppID naming a DllSurrogate: COM runs it in a 32-bit dllhost.exe, which
     * the bridge reaches through CLSCTX_LOCAL_SERVER, so it is not "cannot be used" (and IT may
     * register exactly that as a fix).
     */
    @Test
    void aThirtyTwoBitDllInASurrogateWorksOutOfProcess() {
        assertThat(BjcaComRegistration.decide(new Facts(false, true, false, true)))
                .isEqualTo(State.ONLY_32_BIT_LOCAL_SERVER);
        assertThat(BjcaComRegistration.decide(new Facts(false, false, false, true)))
                .as("a surrogate without the class is nothing").isEqualTo(State.NOT_REGISTERED);
    }

    @Test
    void onlyClassNotRegisteredErrorsAreWorthTheRegistryLook() {
        assertThat(BjcaComRegistration.mayBe32BitOnly(ComErrors.REGDB_E_CLASSNOTREG)).isTrue();
        assertThat(BjcaComRegistration.mayBe32BitOnly(ComErrors.CO_E_CLASSSTRING)).isTrue();
        assertThat(BjcaComRegistration.mayBe32BitOnly(ComErrors.E_ACCESSDENIED)).isFalse();
        assertThat(BjcaComRegistration.mayBe32BitOnly(ComErrors.CO_E_SERVER_EXEC_FAILURE)).isFalse();
    }

    @Test
    void theDoctorsHostFactsDecideAsTheBridgeDoes() {
        for (int bits = 0; bits < 16; bits++) {
            boolean v64 = (bits & 1) != 0;
            boolean v32 = (bits & 2) != 0;
            boolean local = (bits & 4) != 0;
            boolean surrogate = (bits & 8) != 0;
            assertThat(io.keywatch.platform.HostFacts.ComRegistration.of(v64, v32, local, surrogate).name())
                    .as("view64 %s, view32 %s, LocalServer32 %s, DllSurrogate %s", v64, v32, local, surrogate)
                    .isEqualTo(BjcaComRegistration.decide(new Facts(v64, v32, local, surrogate)).name());
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void offWindowsTheStateIsUnknown() {
        assertThat(BjcaComRegistration.check()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void theBridgesReasonSays32BitOnlyAndWhatToDo() {
        ComCallException e = new ComCallException(ComErrors.REGDB_E_CLASSNOTREG, "CoCreateInstance(XTXAppCOM.XTXApp.1)", true);
        String reason = ComErrors.describe("Creating the BJCA COM object", e);
        assertThat(reason).contains("32-bit programs only", "WOW6432Node\\CLSID\\" + ComXtxClient.CLSID,
                "WebSocket/HTTP", "0x80040154").doesNotContain("not registered on this PC");
        String plain = ComErrors.describe("Creating the BJCA COM object",
                new ComCallException(ComErrors.REGDB_E_CLASSNOTREG, "CoCreateInstance(XTXAppCOM.XTXApp.1)"));
        assertThat(plain).contains("not registered on this PC").doesNotContain("32-bit");
    }

    @Test
    void aBridgeThatCannotCreateThe32BitObjectIsNotOfferedSoAutoFallsBack() {
        ComXtxClient client = new ComXtxClient(Duration.ofSeconds(5), ApartmentThread.JavaMessageLoop::new, () -> {
            throw new ComCallException(ComErrors.REGDB_E_CLASSNOTREG, "CoCreateInstance(XTXAppCOM.XTXApp.1)", true);
        }, reply -> List.of(), reply -> List.of());
        XtxException e = org.assertj.core.api.Assertions.catchThrowableOfType(XtxException.class, client::version);
        assertThat(e.kind()).isEqualTo(XtxException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("32-bit programs only");
        assertThat(ComXtxClient.tryOpen(client)).as("auto goes on with WebSocket/HTTP").isEmpty();
    }

    @Test
    @Tag("windows")
    @EnabledOnOs(OS.WINDOWS)
    void onWindowsTheRegistryAnswers() {
        assertThat(BjcaComRegistration.check()).isNotEqualTo(State.UNKNOWN);
    }
}
