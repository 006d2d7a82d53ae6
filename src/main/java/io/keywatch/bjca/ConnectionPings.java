package io.keywatch.bjca;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket pings (not BJCA calls) on an open connection, so that a hung service (one that keeps its
 * TCP connection but answers nothing) is noticed without a key event. A service that stops or is
 * killed needs no ping: its TCP connection closes and the reader sees it at once.
 *
 * <p>They run on the client's timer thread, which exists anyway for handshake bounds and reconnects:
 * no thread of their own, and not Java-WebSocket's lost-connection timer, which would start one per
 * connection.
 */
final class ConnectionPings {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPings.class);

    /**
     * How often an open connection is pinged. Each ping wakes the idle tray four times (this timer,
     * the library's writer, the reader for the pong, the deadline), and only a hung service needs it;
     * one a minute keeps that below 1% of the idle JVM's own wake-ups while a hung service still turns
     * the icon amber within about a minute (this interval plus the call timeout). It is also
     * Java-WebSocket's own default keep-alive.
     */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    private final ScheduledExecutorService timer;
    private final Duration interval;
    /** How long a ping may go unanswered: the call timeout, at most the interval. */
    private final long answerWithinNanos;
    private final URI url;
    /** Sends {@code SOF_GetVersion} on a connection, for a service that does not answer pings. */
    private final Consumer<XtxConnection> askVersion;

    ConnectionPings(ScheduledExecutorService timer, Duration interval, Duration callTimeout, URI url,
                    Consumer<XtxConnection> askVersion) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("ping interval must be positive, not " + interval);
        }
        this.timer = timer;
        this.interval = interval;
        this.answerWithinNanos = Math.min(callTimeout.toNanos(), interval.toNanos());
        this.url = url;
        this.askVersion = askVersion;
    }

    /**
     * Pings {@code conn} every interval until the returned handle is cancelled.
     *
     * @throws RejectedExecutionException when the client is closing
     */
    ScheduledFuture<?> start(XtxConnection conn) {
        return timer.scheduleWithFixedDelay(() -> ping(conn), interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** No pong (nor anything else) within {@link #answerWithinNanos} ends the connection. */
    private void ping(XtxConnection conn) {
        if (!conn.isOpen()) {
            return;
        }
        long sent = System.nanoTime();
        try {
            if (conn.versionHeartbeat) {
                askVersion.accept(conn);
            } else {
                conn.sendPing();
            }
            timer.schedule(() -> answered(conn, sent), answerWithinNanos, TimeUnit.NANOSECONDS);
        } catch (WebsocketNotConnectedException | RejectedExecutionException e) {
            LOG.debug("no ping: {}", e.toString());
        }
    }

    private void answered(XtxConnection conn, long sent) {
        if (!conn.isOpen() || conn.lastHeard - sent >= 0) {
            return;
        }
        if (!conn.pongSeen && !conn.versionHeartbeat) {
            // Never a pong here: RFC 6455 asks for one, but a service that ignores pings is not a hung
            // one. Ask as BJCA's own heartbeat does before calling it hung; answered, that is the heartbeat.
            LOG.info("the BJCA service at {} did not answer a WebSocket ping; asking SOF_GetVersion instead", url);
            conn.versionHeartbeat = true;
            ping(conn);
            return;
        }
        long ms = answerWithinNanos / 1_000_000;
        LOG.warn("the BJCA service at {} did not answer a ping within {} ms", url, ms);
        conn.abort("no answer to a ping within " + ms + " ms");
    }
}
