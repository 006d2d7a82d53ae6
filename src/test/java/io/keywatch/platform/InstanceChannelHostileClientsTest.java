package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local processes that try to silence the status channel: a client dripping bytes, silent ones, one
 * that never reads, oversized requests, and as many at once as the channel holds, and one more.
 */
class InstanceChannelHostileClientsTest {
    /** Long enough that a test passing under it cannot have waited for a hostile client's deadline. */
    static final Duration LONG_DEADLINE = Duration.ofSeconds(60);
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<SingleInstance> opened = new ArrayList<>();
    private final List<Socket> hostile = new ArrayList<>();
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void closeAll() throws IOException {
        drip.shutdownNow();
        for (Socket s : hostile) {
            s.close();
        }
        opened.forEach(SingleInstance::close);
    }

    private SingleInstance serving(InstanceChannelServer.Limits limits) throws IOException {
        SingleInstance s = SingleInstance.acquire(dir).orElseThrow();
        opened.add(s);
        s.serve(r -> r.equals(SingleInstance.STATUS) || r.equals(SingleInstance.SHOW) ? "ok" : null, limits);
        return s;
    }

    /** A connection that sends one byte of a request and then nothing, and never closes. */
    private Socket silent(SingleInstance s) throws IOException {
        Socket c = new Socket(InetAddress.getLoopbackAddress(), s.port());
        hostile.add(c);
        c.getOutputStream().write('x');
        c.getOutputStream().flush();
        return c;
    }

    private static void await(String what, IntSupplier actual, int expected) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (actual.getAsInt() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": expected " + expected + " but was " + actual.getAsInt());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private String token() throws IOException {
        return (String) JSON.std.mapFrom(Files.readString(dir.resolve(SingleInstance.INFO_FILE))).get("token");
    }

    private static String exchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) GENEROUS.toMillis());
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (IOException e) {
                // cut off mid-request: read the answer anyway
            }
            String line = SingleInstance.readLine(s.getInputStream(), 64 * 1024);
            return line == null ? "<closed>" : line;
        }
    }

    @Test
    void aClientDrippingBytesIsCutOffAtTheDeadlineForTheWholeRequestNotKeptAliveByEachByte() throws Exception {
        SingleInstance s = serving(new InstanceChannelServer.Limits(2, 2, Duration.ofMillis(800), 256));
        Socket slow = new Socket(InetAddress.getLoopbackAddress(), s.port());
        hostile.add(slow);
        OutputStream out = slow.getOutputStream();
        AtomicInteger sent = new AtomicInteger();
        int planned = 200; // 200 bytes (under the 256-byte cap), one every 100 ms: 20 s if every byte reset a timer
        drip.scheduleAtFixedRate(() -> {
            try {
                if (sent.get() < planned) {
                    out.write('a');
                    out.flush();
                    sent.incrementAndGet();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // the server hung up: stop dripping
            }
        }, 0, 100, TimeUnit.MILLISECONDS);

        assertThat(SingleInstance.query(dir, SingleInstance.STATUS, SingleInstance.CLIENT_TIMEOUT))
                .as("served beside the dripping client").contains("ok");

        slow.setSoTimeout((int) GENEROUS.toMillis());
        InputStream in = slow.getInputStream();
        assertThat(in.read()).as("the server hangs up without an answer").isEqualTo(-1);
        assertThat(sent.get()).as("hung up while the drip went on").isLessThan(planned);
    }

    @Test
    void slowClientsHoldingAllButOneWorkerDoNotDelayStatus() throws Exception {
        InstanceChannelServer.Limits limits = new InstanceChannelServer.Limits(4, 12, LONG_DEADLINE, 256);
        SingleInstance s = serving(limits);
        for (int i = 0; i < limits.workers() - 1; i++) {
            silent(s);
        }
        await("connections held", s::heldConnections, limits.workers() - 1);
        // Their deadline is a minute away: an answer now came from a free worker, not after them.
        assertThat(SingleInstance.query(dir, SingleInstance.STATUS, GENEROUS)).contains("ok");
        await("the hostile ones still held", s::heldConnections, limits.workers() - 1);
    }

    @Test
    void exactlyTheBoundIsHeldAndOneConnectionPastItIsToldBusyAtOnce() throws Exception {
        InstanceChannelServer.Limits limits = new InstanceChannelServer.Limits(2, 3, LONG_DEADLINE, 256);
        SingleInstance s = serving(limits);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < limits.bound(); i++) {
            held.add(silent(s));
        }
        await("connections held", s::heldConnections, limits.bound());

        assertThat(exchange(s.port(), (token() + " status\n").getBytes(StandardCharsets.UTF_8)))
                .as("one past the bound").isEqualTo(InstanceChannelServer.BUSY);
        await("the bound still held", s::heldConnections, limits.bound());

        // The hostile clients ahead of a waiting query give up (first come, first served); the last one stays.
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return SingleInstance.query(dir, SingleInstance.STATUS, GENEROUS).orElse("<none>");
            } catch (IOException e) {
                return e.toString();
            }
        });
        for (int i = 0; i < limits.bound() - 1; i++) {
            held.get(i).close();
        }
        assertThat(waiting.get(GENEROUS.toSeconds() + 5, TimeUnit.SECONDS)).isEqualTo("ok");
    }

    @Test
    void aQueryPastTheBoundWithDefaultLimitsIsAnsweredOnceTheHostileClientsAreCutOff() throws Exception {
        InstanceChannelServer.Limits limits = InstanceChannelServer.Limits.DEFAULT;
        SingleInstance s = serving(limits);
        for (int i = 0; i < limits.bound(); i++) {
            silent(s);
        }
        await("connections held", s::heldConnections, limits.bound());
        assertThat(SingleInstance.query(dir, SingleInstance.STATUS, GENEROUS)).contains("ok");
        assertThat(SingleInstance.handOver(dir, GENEROUS)).as("a second start finds the first answering").isTrue();
    }

    @Test
    void aRequestOfExactlyTheCapIsServedAndOneBytePastItIsRefused() throws Exception {
        SingleInstance s = serving(new InstanceChannelServer.Limits(2, 2, GENEROUS, 256));
        String request = token() + " status";
        String atCap = request + " ".repeat(256 - request.length());
        assertThat(atCap).hasSize(256);
        assertThat(exchange(s.port(), (atCap + "\n").getBytes(StandardCharsets.UTF_8))).isEqualTo("ok");
        assertThat(exchange(s.port(), (atCap + " \n").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("error: request longer than 256 bytes");
        assertThat(SingleInstance.query(dir, SingleInstance.STATUS, GENEROUS)).contains("ok");
    }

    @Test
    void clientsThatNeverReadOrNeverCloseDoNotKeepTheirSlots() throws Exception {
        SingleInstance s = serving(new InstanceChannelServer.Limits(1, 0, Duration.ofMillis(500), 256));
        Socket neverReads = new Socket(InetAddress.getLoopbackAddress(), s.port());
        hostile.add(neverReads);
        neverReads.getOutputStream().write((token() + " status\n").getBytes(StandardCharsets.UTF_8));
        neverReads.getOutputStream().flush();
        await("answered and closed although never read", s::heldConnections, 0);

        silent(s); // connects, sends a byte, never closes
        await("dropped at the deadline", s::heldConnections, 0);
        assertThat(SingleInstance.query(dir, SingleInstance.STATUS, GENEROUS)).contains("ok");
    }
}
