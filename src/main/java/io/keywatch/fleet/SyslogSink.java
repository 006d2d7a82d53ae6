package io.keywatch.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends fleet events to a syslog server without ever making the caller wait: {@link #offer} formats the
 * line (RFC 3164: {@code <PRI>Mmm dd HH:mm:ss host keywatch: {...}}) and puts it in a bounded queue; one
 * daemon thread resolves the host, connects and sends, over UDP (one datagram per event) or TCP (one
 * line per event, LF-framed as RFC 6587 describes). A server that is down, slow, or a TCP peer that
 * never reads only blocks that thread: the queue fills and further events are dropped and counted, with
 * a warning at the first drop and at every {@value #WARN_EVERY}th. Events stay in the local log anyway.
 */
final class SyslogSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogSink.class);

    static final int QUEUE = 256;
    static final int WARN_EVERY = 100;
    static final String TAG = "keywatch";
    /** Facility names Logback knows, with their RFC 5424 codes. */
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2",
            "local3", "local4", "local5", "local6", "local7");
    private static final int INFORMATIONAL = 6;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);
    /** How long {@link #close} lets queued events go out (a command's last event) before giving up on them. */
    static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(2);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US);

    private final FleetEvents.SyslogTarget target;
    private final boolean tcp;
    private final int pri;
    private final String host;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;
    private volatile boolean closed;
    /** Only the sender thread touches these; close() closes them to unblock it. */
    private volatile Socket socket;
    private volatile DatagramSocket datagrams;

    SyslogSink(FleetEvents.SyslogTarget target, String machine) {
        this.target = target;
        this.tcp = "tcp".equals(target.protocol());
        int facility = FACILITIES.indexOf(target.facility().toLowerCase(Locale.ROOT));
        this.pri = (facility < 0 ? 1 : facility) * 8 + INFORMATIONAL;
        String h = machine.replaceAll("[^\\x21-\\x7e]", "-");
        this.host = h.isEmpty() ? "-" : h;
        this.sender = new Thread(this::run, "keywatch-syslog");
        sender.setDaemon(true);
        sender.start();
        LOG.info("fleet events also go to syslog {}://{}:{} (facility {})", tcp ? "tcp" : "udp", target.host(),
                target.port(), target.facility());
    }

    /** Queues one event; never blocks. False when it was dropped (queue full or closed). */
    boolean offer(String message) {
        if (closed) {
            return false;
        }
        String line = "<" + pri + ">" + STAMP.format(ZonedDateTime.now(ZoneId.systemDefault())) + " " + host + " "
                + TAG + ": " + message.replace('\n', ' ').replace('\r', ' ');
        if (queue.offer(line)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        if (n == 1 || n % WARN_EVERY == 0) {
            LOG.warn("syslog {}:{} is not taking events (down or slow): {} event(s) dropped so far; they stay in "
                    + "the local log", target.host(), target.port(), n);
        }
        return false;
    }

    /** Events dropped because the server did not keep up. */
    long dropped() {
        return dropped.get();
    }

    /** Events handed to the network. */
    long sent() {
        return sent.get();
    }

    /** The thread that does every network operation (never a caller's). */
    Thread senderThread() {
        return sender;
    }

    private void run() {
        Duration retry = RETRY_FIRST;
        String pending = null;
        while (!closed || pending != null || !queue.isEmpty()) {
            try {
                if (pending == null) {
                    pending = closed ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
                    if (pending == null) {
                        continue;
                    }
                }
                send(pending);
                sent.incrementAndGet();
                pending = null;
                retry = RETRY_FIRST;
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                disconnect();
                if (closed) {
                    break;
                }
                LOG.warn("syslog {}:{} unreachable ({}); trying again in {} s", target.host(), target.port(),
                        e.toString(), retry.toSeconds());
                try {
                    Thread.sleep(retry.toMillis()); // a down server: nothing to wait on but time
                } catch (InterruptedException ie) {
                    break;
                }
                retry = retry.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : retry.multipliedBy(2);
            }
        }
        disconnect();
    }

    private void send(String line) throws IOException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        if (tcp) {
            Socket s = socket;
            if (s == null) {
                s = new Socket();
                socket = s;
                s.connect(new InetSocketAddress(target.host(), target.port()), (int) CONNECT_TIMEOUT.toMillis());
            }
            OutputStream out = s.getOutputStream();
            out.write(b);
            out.write('\n');
            out.flush();
        } else {
            DatagramSocket d = datagrams;
            if (d == null) {
                d = new DatagramSocket();
                datagrams = d;
            }
            InetSocketAddress to = new InetSocketAddress(target.host(), target.port());
            if (to.isUnresolved()) {
                throw new IOException("unknown host " + target.host());
            }
            d.send(new DatagramPacket(b, b.length, to));
        }
    }

    private void disconnect() {
        try {
            Socket s = socket;
            socket = null;
            if (s != null) {
                s.close();
            }
            DatagramSocket d = datagrams;
            datagrams = null;
            if (d != null) {
                d.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the syslog connection: {}", e.getMessage());
        }
    }

    /**
     * Lets queued events go out for at most {@link #FLUSH_ON_CLOSE}, then closes the connection (which
     * unblocks a write to a peer that never reads) and counts what is left as dropped.
     */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(FLUSH_ON_CLOSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            sender.interrupt();
            disconnect();
            int left = queue.size();
            queue.clear();
            if (left > 0) {
                LOG.warn("syslog {}:{}: {} queued event(s) not sent at exit; they are in the local log",
                        target.host(), target.port(), left);
                dropped.addAndGet(left);
            }
        }
    }
}
