package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywatch.core.ConnectionListener;
import io.keywatch.core.XtxException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bridges' small helpers at their edges: failure texts, thread bookkeeping, listeners, the body cap. */
class WaitsAndThreadsEdgesTest {

    @Test
    void theRootMessageLooksThroughFutureWrappersAndMessagelessCauses() {
        IOException refused = new IOException("Connection refused");
        assertThat(Waits.rootMessage(new CompletionException(new ExecutionException(refused))))
                .isEqualTo("IOException (Connection refused)");
        assertThat(Waits.rootMessage(new ExecutionException("wrapped", refused))).isEqualTo("IOException (Connection refused)");
        assertThat(Waits.rootMessage(new IllegalStateException((String) null, refused)))
                .as("a cause without text speaks through its cause").isEqualTo("IOException (Connection refused)");
        assertThat(Waits.rootMessage(new IllegalStateException("own words", refused))).isEqualTo("IllegalStateException (own words)");
        assertThat(Waits.rootMessage(new CompletionException("no cause", null))).isEqualTo("CompletionException (no cause)");
        assertThat(Waits.rootMessage(new IOException())).isEqualTo("IOException");
        assertThat(Waits.rootMessage(new IOException("  "))).isEqualTo("IOException");
    }

    @Test
    void anInterruptedWaitIsUnavailableAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Waits.await(new CompletableFuture<>(), "SOF_GetUserList",
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(30), "asking", URI.create("ws://127.0.0.1:1/"),
                    Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(XtxException.class, e -> {
                        assertThat(e.kind()).isEqualTo(XtxException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).isEqualTo("SOF_GetUserList: interrupted while asking ws://127.0.0.1:1/");
                    });
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFailedFutureNamesTheCallTheServiceAndTheRootCause() {
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IOException("reset by peer"));
        assertThatThrownBy(() -> Waits.await(failed, "GetDeviceCount", System.nanoTime(), "asking",
                URI.create("http://127.0.0.1:2/synctl"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(XtxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(XtxException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("GetDeviceCount: BJCA service at http://127.0.0.1:2/synctl"
                            + " failed: IOException (reset by peer)");
                });
    }

    @Test
    void threadsAreNamedDaemonsAndAdoptedOnce() {
        DaemonThreads threads = new DaemonThreads("kw-test");
        Thread a = threads.newThread(() -> { });
        Thread b = threads.newThread(() -> { });
        assertThat(a.isDaemon()).isTrue();
        assertThat(a.getName()).isEqualTo("kw-test-1");
        assertThat(b.getName()).isEqualTo("kw-test-2");
        assertThat(threads.owns(a)).isTrue();
        assertThat(threads.owns(new Thread("kw-testing"))).isFalse();
        Thread library = new Thread("WebSocketWriteThread-9");
        threads.adopt(library);
        threads.adopt(library);
        assertThat(library.getName()).isEqualTo("kw-test-WebSocketWriteThread-9");
        assertThat(threads.prefix()).isEqualTo("kw-test");
    }

    @Test
    void awaitEndWaitsOnlyForTheThreadsAskedForAndNeverForTheCaller() throws Exception {
        DaemonThreads threads = new DaemonThreads("kw-wait");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread blocked = threads.newThread(() -> {
            started.countDown();
            awaitQuietly(release);
        });
        blocked.start();
        started.await();
        try {
            assertThat(threads.alive()).containsExactly(blocked);
            assertThat(threads.awaitEnd(t -> false, Duration.ZERO)).as("nothing asked for: done at once").isTrue();
            assertThat(threads.awaitEnd(t -> true, Duration.ZERO)).as("one still alive when time is up").isFalse();

            List<Boolean> fromInside = new ArrayList<>();
            Thread self = threads.newThread(() -> {
                try {
                    fromInside.add(threads.awaitEnd(t -> t == Thread.currentThread(), Duration.ZERO));
                } catch (InterruptedException e) {
                    fromInside.add(null);
                }
            });
            self.start();
            self.join();
            assertThat(fromInside).as("a thread never waits for itself").containsExactly(true);
        } finally {
            release.countDown();
        }
        assertThat(threads.awaitEnd(t -> true, Duration.ofSeconds(30))).isTrue();
        assertThat(blocked.isAlive()).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aListenerHearsUntilItsSubscriptionIsClosedAndClearForgetsAll() throws Exception {
        ConnectionWatch watch = new ConnectionWatch();
        List<String> heard = new ArrayList<>();
        ConnectionListener l = new ConnectionListener() {
            @Override
            public void lost(String reason) {
                heard.add("lost " + reason);
            }

            @Override
            public void connected() {
                heard.add("connected");
            }
        };
        assertThat(watch.hasListeners()).isFalse();
        AutoCloseable sub = watch.subscribe(l);
        assertThat(watch.hasListeners()).isTrue();
        watch.down("gone");
        watch.up();
        sub.close();
        assertThat(watch.hasListeners()).isFalse();
        watch.down("again");
        assertThat(heard).containsExactly("lost gone", "connected");

        watch.subscribe(l);
        watch.clear();
        assertThat(watch.hasListeners()).isFalse();
        watch.up();
        assertThat(heard).hasSize(2);
    }

    /** A subscription that records what the body asked of it. */
    private static final class Recorder implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyOfExactlyTheCapIsReadAcrossChunks() throws Exception {
        var body = CappedBody.handler(4).apply(null);
        Recorder s = new Recorder();
        body.onSubscribe(s);
        body.onNext(List.of(bytes("ab")));
        body.onNext(List.of(bytes("c"), bytes("d")));
        body.onComplete();
        assertThat(s.requested).isEqualTo(Long.MAX_VALUE);
        assertThat(s.cancelled).isFalse();
        assertThat(body.getBody().toCompletableFuture().get()).isEqualTo("abcd");
    }

    @Test
    void oneBytePastTheCapCancelsTheExchangeAndFailsWithTheCap() {
        var body = CappedBody.handler(4).apply(null);
        Recorder s = new Recorder();
        body.onSubscribe(s);
        body.onNext(List.of(bytes("abc")));
        body.onNext(List.of(bytes("de")));
        assertThat(s.cancelled).isTrue();
        body.onNext(List.of(bytes("f")));
        body.onComplete();
        assertThat(body.getBody().toCompletableFuture()).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(CappedBody.TooLarge.class).withMessage("the body is longer than 4 bytes");
    }

    @Test
    void aFailedExchangeFailsTheBody() {
        var body = CappedBody.handler(4).apply(null);
        body.onSubscribe(new Recorder());
        body.onError(new IOException("stream reset"));
        assertThat(body.getBody().toCompletableFuture()).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class).havingCause().withMessage("stream reset");
    }
}
