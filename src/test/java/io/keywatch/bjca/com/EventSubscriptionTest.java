package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.XtxException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The COM event sink must stay strongly reachable while BJCA may call it (jna-platform holds it only
 * weakly): proven with weak references and real garbage collections, without COM.
 */
class EventSubscriptionTest {

    /** Stands in for jna-platform's sink: the only strong path to it is what the subscription keeps. */
    static final class Sink {
        final Runnable onChange;

        Sink(Runnable onChange) {
            this.onChange = onChange;
        }
    }

    /** Collects until {@code done} (at most 50 rounds); returns whether it got there. */
    private static boolean collectUntil(BooleanSupplier done) {
        for (int i = 0; i < 50 && !done.getAsBoolean(); i++) {
            System.gc();
            byte[][] garbage = new byte[64][];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = new byte[16 * 1024];
            }
            assertThat(garbage[63]).hasSize(16 * 1024);
        }
        return done.getAsBoolean();
    }

    /** GC rounds that provably ran: an unreferenced control object was collected in them. */
    private static void collectSeveralTimes() {
        for (int round = 0; round < 3; round++) {
            WeakReference<Object> control = new WeakReference<>(new Object());
            assertThat(collectUntil(() -> control.get() == null)).as("garbage collection ran").isTrue();
        }
    }

    @Test
    void theListenerAndSourceSurviveCollectionsWhileOpenAndAreLetGoAfterClose() throws Exception {
        AtomicInteger unadvised = new AtomicInteger();
        Object source = new Object();
        Sink sink = new Sink(() -> { });
        WeakReference<Sink> sinkRef = new WeakReference<>(sink);
        WeakReference<Object> sourceRef = new WeakReference<>(source);
        EventSubscription<Object, Sink> sub = new EventSubscription<>(source, sink, (s, l) -> unadvised.incrementAndGet());
        source = null;
        sink = null;

        collectSeveralTimes();
        assertThat(sinkRef.get()).as("sink while advised").isNotNull();
        assertThat(sourceRef.get()).as("source while advised").isNotNull();
        assertThat(sub.open()).isTrue();

        sub.close();
        assertThat(unadvised).hasValue(1);
        assertThat(sub.open()).isFalse();
        assertThat(collectUntil(() -> sinkRef.get() == null && sourceRef.get() == null))
                .as("sink and source collectable once unadvised").isTrue();
        sub.close();
        assertThat(unadvised).as("unadvised once only").hasValue(1);
    }

    @Test
    void theUnadviseGetsTheSameSourceAndListener() throws Exception {
        Object source = new Object();
        Sink sink = new Sink(() -> { });
        List<Object> seen = new CopyOnWriteArrayList<>();
        try (EventSubscription<Object, Sink> sub = new EventSubscription<>(source, sink, (s, l) -> {
            seen.add(s);
            seen.add(l);
        })) {
            assertThat(sub.open()).isTrue();
        }
        assertThat(seen).containsExactly(source, sink);
    }

    @Test
    void aFailedUnadviseKeepsTheSinkHeldAndCanBeRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Sink sink = new Sink(() -> { });
        WeakReference<Sink> sinkRef = new WeakReference<>(sink);
        EventSubscription<Object, Sink> sub = new EventSubscription<>(new Object(), sink, (s, l) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ComCallException(ComErrors.RPC_E_DISCONNECTED, "Unadvise");
            }
        });
        sink = null;
        assertThatThrownBy(sub::close).isInstanceOf(ComCallException.class);
        collectSeveralTimes();
        assertThat(sinkRef.get()).as("BJCA may still call it: kept").isNotNull();
        assertThat(sub.open()).isTrue();
        sub.close();
        assertThat(attempts).hasValue(2);
        assertThat(sub.open()).isFalse();
    }

    /** The control: a subscription that keeps only a cookie (the old code) lets the sink be collected. */
    @Test
    void aSubscriptionHoldingOnlyTheCookieLosesTheSink() {
        Sink sink = new Sink(() -> { });
        WeakReference<Sink> sinkRef = new WeakReference<>(sink);
        int cookie = 7;
        AutoCloseable cookieOnly = () -> assertThat(cookie).isEqualTo(7);
        sink = null;
        assertThat(collectUntil(() -> sinkRef.get() == null)).as("the bug this class prevents").isTrue();
        assertThat(cookieOnly).isNotNull();
    }

    /** A dispatch that, like jna-platform, keeps its sinks only weakly. */
    static final class WeakSinkDispatch implements XtxDispatch {
        final List<WeakReference<Sink>> sinks = new CopyOnWriteArrayList<>();

        @Override
        public Object call(XtxFunction function, Object... args) {
            return function == XtxFunction.SOF_GET_VERSION ? "2.3.0" : null;
        }

        @Override
        public AutoCloseable subscribe(Runnable onChange) {
            Sink sink = new Sink(onChange);
            sinks.add(new WeakReference<>(sink));
            return new EventSubscription<>(new Object(), sink, (s, l) -> { });
        }

        @Override
        public void release() {
        }
    }

    @Test
    void theBridgeKeepsItsSinkAliveAcrossCollectionsUntilItCloses() throws XtxException {
        List<WeakSinkDispatch> created = new CopyOnWriteArrayList<>();
        ComXtxClient client = new ComXtxClient(Duration.ofSeconds(5), ApartmentThread.JavaMessageLoop::new, () -> {
            WeakSinkDispatch d = new WeakSinkDispatch();
            created.add(d);
            return d;
        }, reply -> List.of(), reply -> List.of());
        AtomicInteger changes = new AtomicInteger();
        client.onUsbkeyChange(changes::incrementAndGet);
        assertThat(client.version()).isEqualTo("2.3.0");
        WeakReference<Sink> sink = created.get(0).sinks.get(0);

        collectSeveralTimes();
        Sink alive = sink.get();
        assertThat(alive).as("the advised sink after collections").isNotNull();
        alive.onChange.run();
        assertThat(changes).hasValue(1);
        alive = null;

        client.close();
        assertThat(collectUntil(() -> sink.get() == null)).as("released after unadvise on close").isTrue();
    }
}
