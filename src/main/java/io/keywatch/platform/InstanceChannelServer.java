package io.keywatch.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of {@link SingleInstance}'s status channel, built so that no local process can silence
 * it: connections are served concurrently by a small bounded pool; each one has a deadline for its whole
 * request counted from the moment it was accepted (a client dripping a byte a second is cut off at the
 * deadline, not kept alive by every byte), and a size cap. Past the pool and its queue, a connection gets
 * {@code error: busy} at once and the client tries again; a queued connection whose deadline passed
 * while it waited is dropped without being read.
 */
final class InstanceChannelServer {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceChannelServer.class);

    static final String BUSY = "error: busy";

    /** How much the channel gives any one connection, and how many it serves at once. */
    record Limits(int workers, int queue, Duration deadline, int maxRequestBytes) {
        /** Four workers, twelve waiting, two seconds per request, 256 bytes (a 43-character token and a word). */
        static final Limits DEFAULT = new Limits(4, 12, Duration.ofSeconds(2), 256);

        Limits {
            if (workers < 1 || queue < 0 || deadline.isNegative() || deadline.isZero() || maxRequestBytes < 1) {
                throw new IllegalArgumentException("bad limits " + workers + "/" + queue + "/" + deadline);
            }
        }

        /** Connections held at once: those being served and those waiting for a worker. */
        int bound() {
            return workers + queue;
        }
    }

    private final ServerSocket server;
    private final String token;
    private final SingleInstance.Handler handler;
    private final Limits limits;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger held = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    InstanceChannelServer(ServerSocket server, String token, SingleInstance.Handler handler, Limits limits) {
        this.server = server;
        this.token = token;
        this.handler = handler;
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 30, TimeUnit.SECONDS,
                // Room for a finishing worker's next task too: the bound is kept by the held count, not the queue.
                new ArrayBlockingQueue<>(limits.queue() + limits.workers()), r -> {
                    Thread t = new Thread(r, "keywatch-instance-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "keywatch-instance");
        acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
    }

    /** Connections accepted and not yet finished (tests await this instead of sleeping). */
    int held() {
        return held.get();
    }

    /** Stops accepting, drops held connections; waits a little for the acceptor. */
    void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the instance socket: {}", e.getMessage());
        }
        pool.shutdownNow();
        if (acceptor != Thread.currentThread()) {
            try {
                acceptor.join(limits.deadline().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.warn("instance channel: {}", e.getMessage());
                }
                continue;
            } catch (IOException | RuntimeException e) {
                LOG.warn("instance channel: accept failed: {}", e.toString());
                continue;
            }
            long deadline = System.nanoTime() + limits.deadline().toNanos();
            if (held.incrementAndGet() > limits.bound()) {
                refuseBusy(s);
                continue;
            }
            try {
                pool.execute(() -> serveOne(s, deadline));
            } catch (RejectedExecutionException e) {
                refuseBusy(s);
            }
        }
    }

    /** On the acceptor: a short line into a fresh socket's empty send buffer never blocks. */
    private void refuseBusy(Socket s) {
        LOG.warn("instance channel: {} connections held already; one more refused as busy", limits.bound());
        try (s) {
            reply(s.getOutputStream(), BUSY);
        } catch (IOException e) {
            LOG.debug("instance channel: busy reply failed: {}", e.getMessage());
        } finally {
            held.decrementAndGet();
        }
    }

    private void serveOne(Socket s, long deadline) {
        try (s) {
            answer(s, deadline);
        } catch (IOException | RuntimeException e) {
            LOG.warn("instance channel request failed: {}", e.toString());
        } finally {
            held.decrementAndGet();
        }
    }

    private void answer(Socket s, long deadline) throws IOException {
        String line;
        try {
            line = readLine(s, deadline, limits.maxRequestBytes());
        } catch (SocketTimeoutException e) {
            LOG.warn("instance channel: no whole request within {} ms; connection dropped",
                    limits.deadline().toMillis());
            return;
        } catch (SingleInstance.TooLongException e) {
            reply(s.getOutputStream(), "error: request longer than " + limits.maxRequestBytes() + " bytes");
            return;
        }
        if (line == null) {
            return;
        }
        OutputStream out = s.getOutputStream();
        int space = line.indexOf(' ');
        String given = space < 0 ? line : line.substring(0, space);
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("instance channel: request with a wrong token refused");
            reply(out, "error: denied");
            return;
        }
        String request = space < 0 ? "" : line.substring(space + 1).strip();
        String result;
        try {
            result = handler.handle(request);
        } catch (RuntimeException e) {
            LOG.warn("instance channel: '{}' failed", request, e);
            result = "error: " + e;
        }
        if (result == null) {
            result = "error: unknown request '" + printable(request) + "'; accepted: " + SingleInstance.SHOW + ", "
                    + SingleInstance.STATUS;
        }
        reply(out, result.replace('\n', ' ').replace('\r', ' '));
    }

    /**
     * Reads up to a newline before {@code deadline} (each read waits only for the time left); null at end of
     * stream before any byte.
     *
     * @throws SocketTimeoutException when the deadline passes first, however many bytes came
     */
    static String readLine(Socket s, long deadline, int maxBytes) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[maxBytes + 1];
        int n = 0;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return n == 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8).stripTrailing();
            }
            for (int i = n; i < n + r; i++) {
                if (buf[i] == '\n') {
                    return new String(buf, 0, i, StandardCharsets.UTF_8).stripTrailing();
                }
            }
            n += r;
            if (n > maxBytes) {
                throw new SingleInstance.TooLongException();
            }
        }
    }

    static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
