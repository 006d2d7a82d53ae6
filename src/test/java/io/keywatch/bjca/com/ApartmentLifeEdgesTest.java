package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An apartment thread's life at its edges: it never keeps the JVM alive, wakes for work queued while
 * it waits, tells a caller queued behind a hung call at once, ends when its message loop quits, and
 * ends after all when it joined its apartment too late.
 */
class ApartmentLifeEdgesTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static Thread named(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void anApartmentThreadIsADaemon() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        try {
            assertThat(named(a.name()).isDaemon()).isTrue();
        } finally {
            a.stop();
        }
    }

    @Test
    void workQueuedWhileTheThreadWaitsForMessagesRunsAtOnce() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        try {
            CountDownLatch ran = new CountDownLatch(1);
            Thread.sleep(100); // the thread now waits in its message loop
            a.execute(ran::countDown);
            assertThat(ran.await(2, TimeUnit.SECONDS)).isTrue();
        } finally {
            a.stop();
        }
    }

    @Test
    void aCallerQueuedBehindAHungCallIsToldAtOnceNotAtItsOwnTimeout() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        CountDownLatch hang = new CountDownLatch(1);
        try {
            CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> failure(a, () -> {
                hang.await();
                return 1;
            }, Duration.ofMillis(300)));
            Thread.sleep(100); // the hung call is under way
            long start = System.nanoTime();
            Throwable second = failure(a, () -> 2, T);
            assertThat(second).isInstanceOf(TimeoutException.class)
                    .hasMessage("an earlier COM call on " + a.name() + " did not return");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(first.get(2, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        } finally {
            hang.countDown();
            a.stop();
        }
    }

    private static Throwable failure(ApartmentThread a, java.util.concurrent.Callable<Integer> task, Duration timeout) {
        try {
            a.call(task, timeout);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void aMessageLoopThatQuitsEndsTheThreadWhichLeavesItsApartment() throws Exception {
        AtomicBoolean left = new AtomicBoolean();
        ApartmentThread.MessageLoop quitting = new ApartmentThread.MessageLoop() {
            @Override
            public void enter() {
            }

            @Override
            public boolean pump() {
                return false; // WM_QUIT
            }

            @Override
            public void wake() {
            }

            @Override
            public void leave() {
                left.set(true);
            }
        };
        ApartmentThread a = ApartmentThread.start(quitting, T);
        assertThat(a.awaitEnd(T)).isTrue();
        assertThat(left).isTrue();
        assertThatThrownBy(() -> a.call(() -> 1, T)).isInstanceOf(IllegalStateException.class)
                .hasMessage(a.name() + " has stopped");
    }

    @Test
    void aThreadThatJoinsItsApartmentTooLateEndsOnceItGetsThere() throws Exception {
        CountDownLatch enter = new CountDownLatch(1);
        ApartmentThread.JavaMessageLoop slow = new ApartmentThread.JavaMessageLoop() {
            @Override
            public void enter() {
                try {
                    enter.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        long before = liveApartments();
        assertThatThrownBy(() -> ApartmentThread.start(slow, Duration.ofMillis(100)))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("COM apartment thread did not start within 100 ms");
        enter.countDown();
        long deadline = System.nanoTime() + T.toNanos();
        while (liveApartments() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(liveApartments()).as("it was told to stop").isLessThanOrEqualTo(before);
    }

    private static long liveApartments() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("keywatch-com-sta-") && t.isAlive()).count();
    }
}
