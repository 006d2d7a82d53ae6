package io.keywatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keywatch.core.CheckResult;
import io.keywatch.core.CheckStatus;
import io.keywatch.core.WatchState;
import io.keywatch.core.WatchdogEvent;
import io.keywatch.core.WatchdogStatus;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A syslog server that is down or stuck never holds up whoever reports an event: the watchdog's thread
 * (here a stand-in thread named like it) only queues, the sink's own thread blocks, the bounded queue
 * drops and counts. No timing is asserted; a blocking emitter would hang the test (the timeout is a guard).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SyslogStuckServerTest {
    private ServerSocket neverReads;
    private Socket accepted;
    private final ExecutorService watchdog = Executors.newSingleThreadExecutor(r -> new Thread(r, "keywatch-watchdog"));
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private Logger sinkLog;

    @BeforeEach
    void setUp() throws Exception {
        neverReads = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sinkLog = (Logger) LoggerFactory.getLogger(SyslogSink.class);
        warnings.start();
        sinkLog.addAppender(warnings);
    }

    @AfterEach
    void tearDown() throws Exception {
        sinkLog.detachAppender(warnings);
        watchdog.shutdownNow();
        if (accepted != null) {
            accepted.close();
        }
        neverReads.close();
    }

    private static CheckResult failed() {
        return FleetEventsTest.result(CheckStatus.FAILED);
    }

    @Test
    void aTcpPeerThatNeverReadsFillsTheQueueWhileEveryCheckOnTheWatchdogThreadReturns() throws Exception {
        FleetEvents.SyslogTarget stuck = new FleetEvents.SyslogTarget("127.0.0.1", neverReads.getLocalPort(), "user",
                "tcp");
        CompletableFuture<Socket> peer = CompletableFuture.supplyAsync(() -> {
            try {
                return neverReads.accept(); // accepts, then never reads a byte
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        WatchdogStatus s = new WatchdogStatus(WatchState.FAILED, true, Optional.empty(), Optional.empty(), Instant.EPOCH);
        FleetEvents events = new FleetEvents(FleetEventsTest.WHO, Optional.empty(), Optional.of(stuck));
        try {
            // Checks on the watchdog's thread until the stuck server has made the sink drop one: the
            // socket buffers fill, the sender thread blocks in write, the queue fills. Each call returned.
            CompletableFuture<Long> checks = CompletableFuture.supplyAsync(() -> {
                long n = 0;
                while (events.syslogDropped() == 0) {
                    events.accept(new WatchdogEvent.Checked(s, failed(), true));
                    n++;
                }
                return n;
            }, watchdog);
            long done = checks.get(100, TimeUnit.SECONDS);
            accepted = peer.get(10, TimeUnit.SECONDS);

            assertThat(done).as("checks that returned while the server read nothing").isGreaterThan(SyslogSink.QUEUE);
            assertThat(events.syslogDropped()).isPositive();
            Thread sender = events.syslogThread().orElseThrow();
            assertThat(sender.getName()).isEqualTo("keywatch-syslog").isNotEqualTo("keywatch-watchdog");
            assertThat(warnings.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("dropped so far", String.valueOf(neverReads.getLocalPort())));

            // One more check on the watchdog thread while the sink is stuck: it completes.
            assertThat(CompletableFuture.supplyAsync(() -> {
                events.checked(failed(), "key");
                return Thread.currentThread().getName();
            }, watchdog).get(100, TimeUnit.SECONDS)).isEqualTo("keywatch-watchdog");
        } finally {
            events.close(); // bounded: closes the stuck connection instead of waiting for the peer
        }
        assertThat(events.syslogThread().orElseThrow().isAlive()).as("sender stopped by close").isFalse();
    }

    @Test
    void aServerThatIsDownOrAHostThatDoesNotResolveCostsTheCallerNothing() throws Exception {
        // Datagrams to a closed port "succeed" (no one answers); a refused connection or an unknown host
        // keeps the sender retrying while the caller goes on.
        int closedPort;
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = d.getLocalPort();
        }
        for (FleetEvents.SyslogTarget t : new FleetEvents.SyslogTarget[] {
            new FleetEvents.SyslogTarget("127.0.0.1", closedPort, "user", "udp"),
            new FleetEvents.SyslogTarget("127.0.0.1", closedPort, "user", "tcp"),
            new FleetEvents.SyslogTarget("no-such-host.invalid", 514, "user", "udp")}) {
            try (FleetEvents events = new FleetEvents(FleetEventsTest.WHO, Optional.empty(), Optional.of(t))) {
                for (int i = 0; i < SyslogSink.QUEUE * 4; i++) {
                    events.checked(failed(), "cli");
                }
                if (!t.protocol().equals("udp") || t.host().endsWith(".invalid")) {
                    // Nothing can be sent (refused, unresolvable): the queue filled and the rest were dropped.
                    assertThat(events.syslogDropped()).as("%s", t).isPositive();
                }
            }
        }
    }
}
