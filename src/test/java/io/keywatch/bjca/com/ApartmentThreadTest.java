package io.keywatch.bjca.com;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ApartmentThreadTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void runsTasksInOrderOnItsOwnThread() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        List<String> seen = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            a.call(() -> seen.add(n + "@" + Thread.currentThread().getName()), T);
        }
        assertThat(seen).hasSize(5).allMatch(s -> s.endsWith("@" + a.name()));
        assertThat(seen.get(0)).startsWith("0@");
        assertThat(seen.get(4)).startsWith("4@");
        a.stop();
        assertThat(a.awaitEnd(T)).isTrue();
        assertThat(a.isAlive()).isFalse();
    }

    @Test
    void aTaskExceptionReachesTheCallerAndTheThreadGoesOn() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        assertThatThrownBy(() -> a.call(() -> {
            throw new IllegalStateException("boom");
        }, T)).isInstanceOf(ExecutionException.class).hasRootCauseMessage("boom");
        assertThat(a.call(() -> 42, T)).isEqualTo(42);
        a.stop();
    }

    @Test
    void aTimeoutPoisonsTheThreadAndRefusesFurtherWork() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        CountDownLatch hang = new CountDownLatch(1);
        try {
            assertThatThrownBy(() -> a.call(() -> {
                hang.await();
                return 1;
            }, Duration.ofMillis(100))).isInstanceOf(TimeoutException.class);
            assertThat(a.poisoned()).isTrue();
            assertThatThrownBy(() -> a.call(() -> 2, T)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stuck");
        } finally {
            hang.countDown();
        }
        a.stop();
        assertThat(a.awaitEnd(T)).isTrue();
    }

    @Test
    void anApartmentThatNeverFinishesJoiningIsATimeout() throws Exception {
        CountDownLatch hang = new CountDownLatch(1);
        try {
            assertThatThrownBy(() -> ApartmentThread.start(new ApartmentThread.JavaMessageLoop() {
                @Override
                public void enter() {
                    try {
                        hang.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, Duration.ofMillis(100))).isInstanceOf(TimeoutException.class);
        } finally {
            hang.countDown();
        }
    }

    @Test
    void tasksQueuedBeforeStopStillRun() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        CountDownLatch ran = new CountDownLatch(1);
        a.execute(ran::countDown);
        a.stop();
        assertThat(a.awaitEnd(T)).isTrue();
        assertThat(ran.getCount()).isZero();
        assertThatThrownBy(() -> a.call(() -> 1, T)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theApartmentThreadHasALargeStackForBjcaAndTheKeyDrivers() throws Exception {
        assertThat(ApartmentThread.STACK_SIZE).isEqualTo(4L * 1024 * 1024);
        int launcherDefault = io.keywatch.testutil.StackDepth.withStackOf(512 * 1024);
        ApartmentThread t = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), Duration.ofSeconds(10));
        try {
            int depth = t.call(io.keywatch.testutil.StackDepth::here, Duration.ofSeconds(60));
            // 8 times the stack; the JVM default of 1 MB reaches about 2 times the depth.
            assertThat(depth).isGreaterThan(4 * launcherDefault);
        } finally {
            t.stop();
        }
    }

    /**
     * A key-change listener runs on the apartment thread; should it call the bridge again, the call
     * runs right there (COM allows the re-entry) instead of waiting for itself until the timeout and
     * poisoning the apartment.
     */
    @Test
    void aCallFromTheApartmentThreadItselfRunsInPlace() throws Exception {
        ApartmentThread a = ApartmentThread.start(new ApartmentThread.JavaMessageLoop(), T);
        String inner = a.call(() -> a.call(() -> "inner@" + Thread.currentThread().getName(), Duration.ofMillis(200)), T);
        assertThat(inner).isEqualTo("inner@" + a.name());
        assertThat(a.poisoned()).isFalse();
        assertThatThrownBy(() -> a.call(() -> a.call(() -> {
            throw new IllegalStateException("inner boom");
        }, T), T)).isInstanceOf(ExecutionException.class).hasRootCauseMessage("inner boom");
        assertThat(a.call(() -> 7, T)).isEqualTo(7);
        a.stop();
        assertThat(a.awaitEnd(T)).isTrue();
    }
}
