package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.keywatch.core.XtxException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An HTTP call whose caller is interrupted, and background reconnects that never pile up. */
class HttpAndReconnectEdgesTest {

    @Test
    void anInterruptedHttpCallIsUnavailableAndKeepsTheInterrupt() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/synctl", exchange -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/synctl");
        try (HttpXtxClient client = new HttpXtxClient(url, Duration.ofSeconds(5))) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(client::version).isInstanceOfSatisfying(XtxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(XtxException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("SOF_GetVersion: interrupted while waiting for " + url);
                });
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aSecondRequestWhileAnAttemptWaitsAddsNone() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger attempts = new AtomicInteger();
            Reconnects r = new Reconnects(timer, () -> true, attempts::incrementAndGet);
            r.schedule();
            r.schedule();
            Thread.sleep(Reconnects.MIN_BACKOFF_MILLIS + 500);
            assertThat(attempts).hasValue(1);
        } finally {
            timer.shutdownNow();
        }
    }
}
