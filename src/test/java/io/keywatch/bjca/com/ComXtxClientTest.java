package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import io.keywatch.core.XtxException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the COM bridge's threading, timeout and recovery logic with a fake BJCA object on a portable loop. */
class ComXtxClientTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /** Stands in for the XTXAppCOM object; records which thread every call ran on. */
    static final class FakeXtx implements XtxDispatch {
        interface Behaviour {
            Object answer(Object[] args) throws Exception;
        }

        final Map<XtxFunction, Behaviour> answers = new EnumMap<>(XtxFunction.class);
        final List<String> callThreads = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch released = new CountDownLatch(1);
        volatile String releasedOn;
        volatile Runnable subscriber;
        volatile boolean eventsSupported = true;
        final AtomicInteger unsubscribed = new AtomicInteger();

        @Override
        public Object call(XtxFunction function, Object... args) throws ComCallException {
            callThreads.add(Thread.currentThread().getName());
            calls.add(function.comName() + Arrays.toString(args));
            Behaviour b = answers.get(function);
            if (b == null) {
                throw new ComCallException(ComErrors.DISP_E_UNKNOWNNAME, "unknown name " + function.comName());
            }
            try {
                return b.answer(args);
            } catch (ComCallException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public AutoCloseable subscribe(Runnable onChange) throws ComCallException {
            if (!eventsSupported) {
                throw new ComCallException(ComErrors.CONNECT_E_NOCONNECTION, "FindConnectionPoint");
            }
            subscriber = onChange;
            return unsubscribed::incrementAndGet;
        }

        @Override
        public void release() {
            releasedOn = Thread.currentThread().getName();
            released.countDown();
        }
    }

    private final List<FakeXtx> created = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> hangs = new ArrayList<>();
    private ComXtxClient client;

    @AfterEach
    void tearDown() {
        hangs.forEach(CountDownLatch::countDown); // let abandoned apartment threads finish
        if (client != null) {
            client.close();
        }
    }

    private ComXtxClient client(java.util.function.Consumer<FakeXtx> setup) {
        client = new ComXtxClient(TIMEOUT, ApartmentThread.JavaMessageLoop::new, () -> {
            FakeXtx f = new FakeXtx();
            setup.accept(f);
            created.add(f);
            return f;
        }, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        return client;
    }

    /** Stand-ins for the shared protocol parsers the lead plugs in. */
    static List<KeyUser> parseUsers(String reply) {
        List<KeyUser> users = new ArrayList<>();
        for (String entry : reply.split("&&&")) {
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split("\\|\\|", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("entry '" + entry + "' is not name||certID");
            }
            users.add(new KeyUser(parts[0], parts[1]));
        }
        return users;
    }

    static List<String> parseSerials(String reply) {
        return Arrays.stream(reply.split(";")).filter(s -> !s.isBlank()).toList();
    }

    private CountDownLatch hang() {
        CountDownLatch l = new CountDownLatch(1);
        hangs.add(l);
        return l;
    }

    private static void healthy(FakeXtx f) {
        f.answers.put(XtxFunction.CHECK_SOFT_DEVICE_ENV, a -> "true");
        f.answers.put(XtxFunction.SOF_GET_VERSION, a -> "3.2.1.0");
        f.answers.put(XtxFunction.SOF_GET_USER_LIST, a -> "张三||UserKey/5303201812001784&&&");
        f.answers.put(XtxFunction.GET_DEVICE_COUNT, a -> 1L);
        f.answers.put(XtxFunction.GET_ALL_DEVICE_SN, a -> "5303201812001784;");
        f.answers.put(XtxFunction.GET_DEVICE_INFO, a -> "HARD");
    }

    @Test
    void everyCallRunsOnOneApartmentThreadAndConvertsTheResult() throws Exception {
        ComXtxClient c = client(ComXtxClientTest::healthy);

        assertThat(c.bridge()).isEqualTo("com");
        assertThat(c.checkSoftDeviceEnv()).isTrue();
        assertThat(c.version()).isEqualTo("3.2.1.0");
        assertThat(c.userList()).containsExactly(new KeyUser("张三", "UserKey/5303201812001784"));
        assertThat(c.deviceCount()).isEqualTo(1);
        assertThat(c.deviceSerials()).containsExactly("5303201812001784");
        assertThat(c.deviceInfo("5303201812001784", 7)).isEqualTo("HARD");

        assertThat(created).hasSize(1);
        FakeXtx f = created.get(0);
        assertThat(f.callThreads).hasSize(6).allMatch(n -> n.equals(f.callThreads.get(0)))
                .allMatch(n -> n.startsWith("keywatch-com-sta-"));
        assertThat(f.calls).contains("GetDeviceInfo[5303201812001784, 7]");
    }

    @Test
    void falseFromBjcaIsFalse() throws Exception {
        ComXtxClient c = client(f -> f.answers.put(XtxFunction.CHECK_SOFT_DEVICE_ENV, a -> Boolean.FALSE));
        assertThat(c.checkSoftDeviceEnv()).isFalse();
    }

    @Test
    void aHungCallTimesOutAndTheNextCallGetsAFreshApartmentAndObject() throws Exception {
        CountDownLatch hang = hang();
        AtomicInteger n = new AtomicInteger();
        ComXtxClient c = client(f -> {
            healthy(f);
            if (n.getAndIncrement() == 0) {
                f.answers.put(XtxFunction.CHECK_SOFT_DEVICE_ENV, a -> {
                    hang.await();
                    return true;
                });
            }
        });

        long start = System.nanoTime();
        assertThatThrownBy(c::checkSoftDeviceEnv)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("CheckSoftDeviceEnv").hasMessageContaining("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(c.hungApartments()).isEqualTo(1);

        assertThat(c.checkSoftDeviceEnv()).isTrue();
        assertThat(created).hasSize(2);
        String firstThread = created.get(0).callThreads.get(0);
        String secondThread = created.get(1).callThreads.get(0);
        assertThat(secondThread).isNotEqualTo(firstThread);

        // The abandoned object is released on its own thread once BJCA returns.
        assertThat(created.get(0).released.getCount()).isEqualTo(1);
        hang.countDown();
        assertThat(created.get(0).released.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(created.get(0).releasedOn).isEqualTo(firstThread);
    }

    @Test
    void afterRepeatedHangsTheBridgeDisablesItselfInsteadOfPilingUpThreads() throws Exception {
        CountDownLatch hang = hang();
        ComXtxClient c = client(f -> f.answers.put(XtxFunction.SOF_GET_VERSION, a -> {
            hang.await();
            return "x";
        }));

        for (int i = 0; i < ComXtxClient.MAX_HUNG_APARTMENTS; i++) {
            assertThatThrownBy(c::version).isInstanceOfSatisfying(XtxException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
        assertThat(created).hasSize(ComXtxClient.MAX_HUNG_APARTMENTS);
        assertThatThrownBy(c::version)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("disabled");
        assertThat(created).hasSize(ComXtxClient.MAX_HUNG_APARTMENTS);
        assertThat(c.disabledBecause()).hasValueSatisfying(s -> assertThat(s).contains("hung 3 times"));
    }

    @Test
    void callsQueuedBehindAHungCallFailFastAsTimeouts() throws Exception {
        CountDownLatch hang = hang();
        CountDownLatch entered = new CountDownLatch(1);
        ComXtxClient c = client(f -> {
            healthy(f);
            f.answers.put(XtxFunction.CHECK_SOFT_DEVICE_ENV, a -> {
                entered.countDown();
                hang.await();
                return true;
            });
        });
        c.version(); // open the session first
        java.util.concurrent.CompletableFuture<Object> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return c.checkSoftDeviceEnv();
            } catch (XtxException e) {
                return e;
            }
        });
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        // Queued behind the hung call: must not wait for the hang to end.
        java.util.concurrent.CompletableFuture<Object> second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return c.deviceCount();
            } catch (XtxException e) {
                return e;
            }
        });
        assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        Object secondResult = second.get(5, TimeUnit.SECONDS);
        // Either it was queued on the hung thread (TIMEOUT) or it arrived after the swap and ran on a fresh one.
        if (secondResult instanceof XtxException e) {
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        } else {
            assertThat(secondResult).isEqualTo(1);
        }
    }

    @Test
    void unregisteredComponentIsUnavailableWithAPlainReason() {
        client = new ComXtxClient(TIMEOUT, ApartmentThread.JavaMessageLoop::new, () -> {
            throw new ComCallException(ComErrors.REGDB_E_CLASSNOTREG, "CoCreateInstance({3F36...})");
        }, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);

        assertThatThrownBy(client::checkSoftDeviceEnv)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("not registered")
                .hasMessageContaining("0x80040154")
                .hasMessageContaining("XTXAppCOM.XTXApp.1");
    }

    @Test
    void noComOnThisOsIsUnavailable() {
        client = new ComXtxClient(TIMEOUT, ApartmentThread.JavaMessageLoop::new, () -> {
            throw new UnsatisfiedLinkError("Unable to load library 'ole32'");
        }, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        assertThatThrownBy(client::version)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("COM is not available");
    }

    @Test
    void apartmentThatCannotInitialiseIsUnavailable() {
        client = new ComXtxClient(TIMEOUT, () -> new ApartmentThread.JavaMessageLoop() {
            @Override
            public void enter() {
                throw new IllegalStateException("CoInitializeEx failed");
            }
        }, FakeXtx::new, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        assertThatThrownBy(client::version)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("CoInitializeEx failed");
    }

    @Test
    void callFailuresMapToProtocolOrUnavailable() {
        ComXtxClient c = client(f -> {
            healthy(f);
            f.answers.put(XtxFunction.CHECK_SOFT_DEVICE_ENV, a -> {
                throw new ComCallException(ComErrors.DISP_E_EXCEPTION, "Invoke");
            });
            f.answers.put(XtxFunction.GET_DEVICE_COUNT, a -> {
                throw new ComCallException(ComErrors.RPC_S_SERVER_UNAVAILABLE, "Invoke");
            });
        });
        assertThatThrownBy(c::checkSoftDeviceEnv)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("CheckSoftDeviceEnv failed: the BJCA component raised an error");
        assertThatThrownBy(c::deviceCount)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("went away");
    }

    @Test
    void garbageRepliesAreProtocolErrors() {
        ComXtxClient c = client(f -> {
            healthy(f);
            f.answers.put(XtxFunction.CHECK_SOFT_DEVICE_ENV, a -> "maybe");
            f.answers.put(XtxFunction.SOF_GET_USER_LIST, a -> "no separator here");
            f.answers.put(XtxFunction.GET_DEVICE_COUNT, a -> "lots");
        });
        assertThatThrownBy(c::checkSoftDeviceEnv).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
        assertThatThrownBy(c::userList)
                .isInstanceOfSatisfying(XtxException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("SOF_GetUserList reply over COM not understood")
                .hasMessageContaining("name||certID");
        assertThatThrownBy(c::deviceCount).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
    }

    @Test
    void parserXtxExceptionsPassThroughUnchanged() {
        XtxException own = new XtxException(Kind.PROTOCOL, "bad entry from the shared parser");
        client = new ComXtxClient(TIMEOUT, ApartmentThread.JavaMessageLoop::new, () -> {
            FakeXtx f = new FakeXtx();
            healthy(f);
            return f;
        }, reply -> {
            throw own;
        }, ComXtxClientTest::parseSerials);
        assertThatThrownBy(client::userList).isSameAs(own);
    }

    @Test
    void keyChangeEventsReachTheListenerUntilItUnsubscribes() throws Exception {
        ComXtxClient c = client(ComXtxClientTest::healthy);
        AtomicInteger changes = new AtomicInteger();
        AutoCloseable sub = c.onUsbkeyChange(changes::incrementAndGet);

        assertThat(created).hasSize(1);
        Runnable fire = created.get(0).subscriber;
        assertThat(fire).isNotNull();
        fire.run();
        fire.run();
        assertThat(changes).hasValue(2);

        sub.close();
        fire.run();
        assertThat(changes).hasValue(2);
    }

    @Test
    void resubscribesOnTheFreshObjectAfterAHang() throws Exception {
        CountDownLatch hang = hang();
        AtomicInteger n = new AtomicInteger();
        ComXtxClient c = client(f -> {
            healthy(f);
            if (n.getAndIncrement() == 0) {
                f.answers.put(XtxFunction.SOF_GET_VERSION, a -> {
                    hang.await();
                    return "x";
                });
            }
        });
        AtomicInteger changes = new AtomicInteger();
        c.onUsbkeyChange(changes::incrementAndGet);
        assertThatThrownBy(c::version).isInstanceOf(XtxException.class);
        assertThat(c.version()).isEqualTo("3.2.1.0");

        assertThat(created).hasSize(2);
        assertThat(created.get(1).subscriber).as("subscribed again on the fresh object").isNotNull();
        created.get(1).subscriber.run();
        assertThat(changes).hasValue(1);
    }

    @Test
    void withoutAnEventInterfaceSubscribingIsANoOp() throws Exception {
        ComXtxClient c = client(f -> {
            healthy(f);
            f.eventsSupported = false;
        });
        AutoCloseable sub = c.onUsbkeyChange(() -> { });
        assertThat(sub).isNotNull();
        assertThat(c.version()).isEqualTo("3.2.1.0"); // the bridge still works
        sub.close();
    }

    @Test
    void subscribingWhileBjcaIsMissingDoesNotThrow() throws Exception {
        client = new ComXtxClient(TIMEOUT, ApartmentThread.JavaMessageLoop::new, () -> {
            throw new ComCallException(ComErrors.REGDB_E_CLASSNOTREG, "CoCreateInstance");
        }, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials);
        client.onUsbkeyChange(() -> { }).close();
    }

    @Test
    void closeReleasesTheObjectOnItsThreadAndRefusesLaterCalls() throws Exception {
        ComXtxClient c = client(ComXtxClientTest::healthy);
        c.onUsbkeyChange(() -> { });
        c.version();
        String thread = created.get(0).callThreads.get(0);
        c.close();
        assertThat(created.get(0).released.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(created.get(0).releasedOn).isEqualTo(thread);
        assertThat(created.get(0).unsubscribed).hasValue(1);
        assertThatThrownBy(c::version).isInstanceOfSatisfying(XtxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        c.close(); // idempotent
    }

    @Test
    void tryOpenKeepsAWorkingBridge() {
        ComXtxClient c = client(ComXtxClientTest::healthy);
        Optional<XtxClient> opened = ComXtxClient.tryOpen(c);
        assertThat(opened).containsSame(c);
    }

    @Test
    void tryOpenDropsAndClosesABrokenBridge() throws Exception {
        ComXtxClient c = client(f -> f.answers.put(XtxFunction.SOF_GET_VERSION, a -> {
            throw new ComCallException(ComErrors.RPC_E_SERVER_DIED, "Invoke");
        }));
        assertThat(ComXtxClient.tryOpen(c)).isEmpty();
        assertThat(created.get(0).released.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void tryOpenOffWindowsIsEmptyWithoutTouchingCom() {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"));
        assertThat(ComXtxClient.tryOpen(TIMEOUT, ComXtxClientTest::parseUsers, ComXtxClientTest::parseSerials)).isEmpty();
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        assertThatThrownBy(() -> new ComXtxClient(Duration.ZERO, ComXtxClientTest::parseUsers,
                ComXtxClientTest::parseSerials)).isInstanceOf(IllegalArgumentException.class);
    }
}
