package io.keywatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BoundedTest {

    @Test
    void aCallsValueAndItsOwnExceptionComeBackUnwrapped() throws Exception {
        assertThat(Bounded.call(Duration.ofSeconds(30), () -> "value")).isEqualTo("value");
        assertThatThrownBy(() -> Bounded.call(Duration.ofSeconds(30), () -> {
            throw new IOException("disk");
        })).isInstanceOf(IOException.class).hasMessage("disk");
    }

    @Test
    void aCallPastItsDeadlineIsATimeoutAndIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        assertThatThrownBy(() -> Bounded.call(Duration.ofMillis(50), () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        })).isInstanceOf(TimeoutException.class);
        assertThat(interrupted.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the late call is cancelled").isTrue();
    }

    /** The idle tray keeps no doctor thread: the key checks' thread ends soon after their last call. */
    @Test
    void theThreadEndsAfterItsIdleTime() throws Exception {
        assertThat(Bounded.IDLE_SECONDS).isEqualTo(2);
        AtomicReference<Thread> worker = new AtomicReference<>();
        Bounded.call(Duration.ofSeconds(30), () -> {
            worker.set(Thread.currentThread());
            return null;
        });
        assertThat(worker.get().getName()).isEqualTo("keywatch-doctor");
        assertThat(worker.get().isDaemon()).as("never keeps the JVM alive").isTrue();
        // join's bound only stops a broken build from hanging: the thread ends 2 s after its call.
        worker.get().join(Duration.ofSeconds(30).toMillis());
        assertThat(worker.get().isAlive()).as("the doctor's thread after its idle time").isFalse();
    }
}
