package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** COM numbers at the edges of an int, how a bad value is shown, and an apartment thread that does not end. */
class ComValueAndApartmentEdgesTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void numbersAtTheEdgesOfAnIntAreTakenAndOnePastThemIsProtocol() throws Exception {
        assertThat(ComValues.toInt("GetDeviceCount", (long) Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(ComValues.toInt("GetDeviceCount", (long) Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
        for (long past : new long[] {Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L}) {
            assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", past))
                    .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                    .hasMessage("GetDeviceCount returned Long '" + past + "' over COM; expected a whole number"
                            + " (VT_I4/VT_I2/VT_UI4 or a decimal string)");
        }
    }

    @Test
    void aBadValueIsShownWholeUpToSixtyCharactersAndCutAfter() {
        String sixty = "x".repeat(60);
        assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", sixty)).hasMessageContaining("'" + sixty + "'");
        assertThatThrownBy(() -> ComValues.toInt("GetDeviceCount", sixty + "y"))
                .hasMessageContaining("'" + sixty + "...'");
    }

    @Test
    void anXtxExceptionFromTheApartmentReachesTheCallerAsItIs() {
        XtxException x = new XtxException(Kind.TIMEOUT, "CheckSoftDeviceEnv: no answer");
        assertThat(ComErrors.toXtx("CheckSoftDeviceEnv", x, false)).isSameAs(x);
    }

    @Test
    void aStartedApartmentIsAliveUntilItEnds() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        assertThat(a.isAlive()).isTrue();
        a.stop();
        assertThat(a.awaitEnd(T)).isTrue();
        assertThat(a.isAlive()).isFalse();
    }

    @Test
    void anApartmentStuckInACallDoesNotEndWithinTheWait() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        CountDownLatch hang = new CountDownLatch(1);
        a.execute(() -> {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        a.stop();
        try {
            assertThat(a.awaitEnd(Duration.ofMillis(200))).isFalse();
            assertThat(a.isAlive()).isTrue();
        } finally {
            hang.countDown();
        }
        assertThat(a.awaitEnd(T)).as("it ends once its call returns").isTrue();
    }
}
