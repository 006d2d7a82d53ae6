package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyXtxClientTest {

    /** A client that answers version() and counts close(). */
    private static final class Counting extends AbstractXtxClient {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String bridge() {
            return "fake";
        }

        @Override
        protected java.util.Optional<Object> call(String function, List<?> params) throws XtxException {
            if (function.equals(XtxProtocol.GET_VERSION)) {
                return java.util.Optional.of("3.4.1");
            }
            throw new XtxException(XtxException.Kind.PROTOCOL, "not scripted: " + function);
        }

        @Override
        public AutoCloseable onUsbkeyChange(Runnable listener) {
            return () -> { };
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void opensOnTheFirstCallOnlyAndOnce() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        Counting real = new Counting();
        LazyXtxClient lazy = new LazyXtxClient(() -> {
            opens.incrementAndGet();
            return real;
        });
        assertThat(opens).hasValue(0);
        assertThat(lazy.opened()).isFalse();

        assertThat(lazy.version()).isEqualTo("3.4.1");
        assertThat(lazy.bridge()).isEqualTo("fake");
        assertThatThrownBy(lazy::deviceCount).isInstanceOf(XtxException.class).hasMessageContaining("not scripted");
        assertThat(opens).hasValue(1);

        lazy.close();
        assertThat(real.closes).hasValue(1);
    }

    @Test
    void closingWhatWasNeverOpenedOpensNothingAndLaterCallsFail() {
        AtomicInteger opens = new AtomicInteger();
        XtxClient lazy = new LazyXtxClient(() -> {
            opens.incrementAndGet();
            return new Counting();
        });
        lazy.close();
        assertThatThrownBy(lazy::checkSoftDeviceEnv).isInstanceOf(XtxException.class)
                .hasMessageContaining("closed");
        assertThat(opens).hasValue(0);
    }
}
