package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.XtxException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A BJCA object whose event subscription hangs: each hang costs an apartment, and enough of them disable the bridge. */
class ComSubscriptionEdgesTest {
    private final CountDownLatch hang = new CountDownLatch(1);
    private ComXtxClient client;

    @AfterEach
    void tearDown() {
        hang.countDown();
        if (client != null) {
            client.close();
        }
    }

    /** Answers every call; its Advise (subscribe) never returns until the test ends. */
    private final class HangingAdvise implements XtxDispatch {
        @Override
        public Object call(XtxFunction function, Object... args) {
            return "3.2.1.0";
        }

        @Override
        public AutoCloseable subscribe(Runnable onChange) throws ComCallException {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return () -> { };
        }

        @Override
        public void release() {
        }
    }

    @Test
    void subscriptionsThatHangAreCountedUntilTheBridgeIsDisabled() {
        client = new ComXtxClient(Duration.ofMillis(100), ApartmentThread.JavaMessageLoop::new, HangingAdvise::new,
                ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        client.onUsbkeyChange(() -> { }); // subscribes at once: the first hang
        for (int i = 1; i < ComXtxClient.MAX_HUNG_APARTMENTS; i++) {
            assertThatThrownBy(client::version).isInstanceOf(XtxException.class);
        }
        assertThatThrownBy(client::version).isInstanceOfSatisfying(XtxException.class, e -> {
            assertThat(e.kind()).isEqualTo(XtxException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("COM bridge disabled: BJCA hung " + ComXtxClient.MAX_HUNG_APARTMENTS
                    + " times (last: subscribing to _IXTXAppEvents); restart KeyWatch after fixing the BJCA component");
        });
    }

    @Test
    void apartmentsThatDoNotStartAreCountedUntilTheBridgeIsDisabled() {
        ApartmentThread.MessageLoop neverJoins = new ApartmentThread.JavaMessageLoop() {
            @Override
            public void enter() {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        client = new ComXtxClient(Duration.ofMillis(100), () -> neverJoins, HangingAdvise::new,
                ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        for (int i = 0; i < ComXtxClient.MAX_HUNG_APARTMENTS; i++) {
            assertThatThrownBy(client::version).isInstanceOfSatisfying(XtxException.class, e -> {
                assertThat(e.kind()).isEqualTo(XtxException.Kind.TIMEOUT);
                assertThat(e.getMessage()).isEqualTo("COM apartment did not start within 100 ms");
            });
        }
        assertThatThrownBy(client::version).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.getMessage()).contains("(last: starting the COM apartment)"));
    }

    @Test
    void aCallerInterruptedWhileTheObjectIsCreatedIsUnavailableAndKeepsTheInterrupt() throws Exception {
        client = new ComXtxClient(Duration.ofSeconds(5), ApartmentThread.JavaMessageLoop::new, () -> {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new HangingAdvise();
        }, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        java.util.concurrent.CompletableFuture<Object[]> seen = new java.util.concurrent.CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                client.version();
                seen.complete(new Object[] {null, false});
            } catch (XtxException e) {
                seen.complete(new Object[] {e, Thread.currentThread().isInterrupted()});
            }
        });
        caller.start();
        Thread.sleep(300); // creating the object
        caller.interrupt();
        Object[] result = seen.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result[0]).isInstanceOfSatisfying(XtxException.class, e -> {
            assertThat(e.kind()).isEqualTo(XtxException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("interrupted while creating the BJCA COM object");
        });
        assertThat(result[1]).as("the interrupt is kept").isEqualTo(true);
        long before = liveApartments();
        hang.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (liveApartments() >= before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(liveApartments()).as("its apartment ends once the creation returns").isLessThan(before);
    }

    private static long liveApartments() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("keywatch-com-sta-") && t.isAlive()).count();
    }

    @Test
    void closingFromAnInterruptedThreadKeepsTheInterrupt() throws Exception {
        client = new ComXtxClient(Duration.ofSeconds(2), ApartmentThread.JavaMessageLoop::new, HangingAdvise::new,
                ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        assertThat(client.version()).isEqualTo("3.2.1.0");
        Thread.currentThread().interrupt();
        try {
            client.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void subscribingFromAnInterruptedThreadKeepsTheInterrupt() throws Exception {
        client = new ComXtxClient(Duration.ofSeconds(2), ApartmentThread.JavaMessageLoop::new, HangingAdvise::new,
                ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        assertThat(client.version()).isEqualTo("3.2.1.0");
        Thread.currentThread().interrupt();
        try {
            client.onUsbkeyChange(() -> { });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
