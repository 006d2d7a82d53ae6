package io.keywatch.platform;

import com.fasterxml.jackson.jr.ob.JSON;
import io.keywatch.files.PrivateFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KeyWatch tray per user, and a status channel for scripts.
 *
 * <p>The first start holds a lock on {@code instance.lock} in the data folder (the OS releases it when
 * the process dies, so a crash leaves nothing stale that matters) and listens on a loopback TCP port
 * with an ephemeral number. Port, a random token and the pid go to {@code instance.json}, readable by
 * the owner only. A client sends one line {@code <token> <request>} and gets one line back: {@code ok},
 * a JSON object, or {@code error: ...}. The token keeps other local users and stray connections out.
 */
public final class SingleInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleInstance.class);

    public static final String SHOW = "show";
    public static final String STATUS = "status";
    static final String LOCK_FILE = "instance.lock";
    static final String INFO_FILE = "instance.json";
    /** Token (43 chars) + space + request: anything longer is not ours. */
    static final int MAX_REQUEST_BYTES = InstanceChannelServer.Limits.DEFAULT.maxRequestBytes();
    static final int MAX_REPLY_BYTES = 64 * 1024;
    /**
     * How long {@code keywatch status} waits: longer than the server's deadline for a request, so a client
     * queued behind hostile connections is answered once they are cut off.
     */
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration BUSY_RETRY = Duration.ofMillis(100);

    /** Answers one request; returns the reply line, or null for an unknown request. Runs on the channel's thread. */
    @FunctionalInterface
    public interface Handler {
        String handle(String request);
    }

    private final Path infoFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Set by {@link #serve}; guarded by {@code this}. */
    private ServerSocket server;
    private InstanceChannelServer channel;
    private volatile boolean closed;

    private SingleInstance(Path infoFile, FileChannel lockChannel, FileLock lock) {
        this.infoFile = infoFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Becomes the running instance for {@code dataDir}, or returns empty when another process (or another
     * instance in this JVM) already is. Only the lock: the channel opens with {@link #serve}, after the
     * tray icon is up (its random token wakes the JDK's security providers, some 20 ms at login); a second
     * start meanwhile finds no channel yet and {@link #handOver} retries.
     */
    public static Optional<SingleInstance> acquire(Path dataDir) throws IOException {
        PrivateFolders.create(dataDir); // the info file beside the lock holds the channel's token
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new SingleInstance(dataDir.resolve(INFO_FILE), channel, lock));
    }

    /**
     * Opens the channel on an ephemeral loopback port, publishes port, token and pid in the instance
     * file, and answers requests on a daemon thread.
     *
     * @throws IOException when the port or the instance file cannot be set up; the instance keeps its lock
     */
    public void serve(Handler handler) throws IOException {
        serve(handler, InstanceChannelServer.Limits.DEFAULT);
    }

    synchronized void serve(Handler handler, InstanceChannelServer.Limits limits) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (channel != null) {
            throw new IllegalStateException("already serving");
        }
        ServerSocket socket = new ServerSocket();
        String secret = newToken();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits.bound());
            writeInfo(infoFile, socket.getLocalPort(), secret);
            server = socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        LOG.info("single instance: listening on 127.0.0.1:{}", server.getLocalPort());
        channel = new InstanceChannelServer(socket, secret, handler, limits);
        channel.start();
    }

    /** Connections the channel holds now (tests wait on this). */
    synchronized int heldConnections() {
        return channel == null ? 0 : channel.held();
    }

    /** The channel's port; only after {@link #serve}. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not serving");
        }
        return server.getLocalPort();
    }

    @Override
    public void close() {
        InstanceChannelServer c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = channel;
        }
        if (c != null) {
            c.close();
            try {
                Files.deleteIfExists(infoFile);
            } catch (IOException e) {
                LOG.debug("removing {}: {}", infoFile, e.getMessage());
            }
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("releasing the instance lock: {}", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ client side

    /**
     * Asks the running instance for {@code dataDir}.
     *
     * @return the reply line; empty when no instance is running (no file, its process is gone, nothing
     *         listens on its port)
     * @throws IOException when an instance is there but the exchange failed: no answer within the
     *         timeout, an {@code error: ...} reply, or a reply that is not one line
     */
    public static Optional<String> query(Path dataDir, String request, Duration timeout) throws IOException {
        Optional<Info> info = readInfo(dataDir.resolve(INFO_FILE));
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Info i = info.get();
        if (i.pid() > 0 && ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive).orElse(false) == false) {
            LOG.info("stale {}: process {} is gone", dataDir.resolve(INFO_FILE), i.pid());
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            Optional<String> reply = exchange(dataDir, i, request, (int) Math.min(Integer.MAX_VALUE, left), timeout);
            if (reply.isEmpty() || !reply.get().equals(InstanceChannelServer.BUSY)) {
                if (reply.isPresent() && reply.get().startsWith("error")) {
                    throw new IOException("KeyWatch (pid " + i.pid() + ") refused '" + request + "': " + reply.get());
                }
                return reply;
            }
            // Every slot held (by hostile or stuck clients): they are cut off at the server's deadline.
            if (System.nanoTime() + BUSY_RETRY.toNanos() >= deadline) {
                throw new IOException("KeyWatch (pid " + i.pid() + ") was busy for " + timeout.toMillis()
                        + " ms: too many connections held its status channel");
            }
            try {
                Thread.sleep(BUSY_RETRY.toMillis()); // another process holds the slots: nothing to wait on but time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while KeyWatch was busy", e);
            }
        }
    }

    /** One connection, one request, one reply line (possibly {@code error: ...}); empty when nothing listens. */
    private static Optional<String> exchange(Path dataDir, Info i, String request, int millis, Duration timeout)
            throws IOException {
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), i.port()), millis);
            } catch (java.net.ConnectException e) {
                LOG.info("stale {}: nothing listens on port {}", dataDir.resolve(INFO_FILE), i.port());
                return Optional.empty();
            }
            s.setSoTimeout(millis);
            OutputStream out = s.getOutputStream();
            out.write((i.token() + " " + request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply;
            try {
                reply = readLine(s.getInputStream(), MAX_REPLY_BYTES);
            } catch (SocketTimeoutException e) {
                throw new IOException("KeyWatch (pid " + i.pid() + ") did not answer within " + timeout.toMillis()
                        + " ms", e);
            }
            if (reply == null) {
                throw new IOException("KeyWatch (pid " + i.pid() + ") closed the connection without an answer");
            }
            return Optional.of(reply);
        }
    }

    /**
     * A second start: asks the running instance to show its status, retrying until {@code timeout} in case
     * it is still starting. True when it answered.
     */
    public static boolean handOver(Path dataDir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        do {
            try {
                long left = Math.max(500, (deadline - System.nanoTime()) / 1_000_000);
                if (query(dataDir, SHOW, Duration.ofMillis(Math.min(left, CLIENT_TIMEOUT.toMillis()))).isPresent()) {
                    return true;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(100); // waiting for another process to finish starting: nothing to wait on but time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < deadline);
        LOG.warn("the running KeyWatch did not answer: {}", last == null ? "no instance file" : last.getMessage());
        return false;
    }

    static final class TooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLongException() {
            super("line too long");
        }
    }

    /** Reads up to a newline; null at end of stream before any byte. */
    static String readLine(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return buf.toString(StandardCharsets.UTF_8).stripTrailing();
            }
            if (buf.size() >= maxBytes) {
                throw new TooLongException();
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    // ------------------------------------------------------------------ the instance file

    record Info(int port, String token, long pid) { }

    static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void writeInfo(Path file, int port, String token) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", port);
        m.put("token", token);
        m.put("pid", ProcessHandle.current().pid());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (Files.getFileAttributeView(file.getParent(), java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
            ownerOnlyAcl(tmp);
        }
        Files.writeString(tmp, JSON.std.asString(m), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Windows: only the owner may read the token (the data folder is per-user already; this is the second lock). */
    private static void ownerOnlyAcl(Path file) {
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            AclEntry owner = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(Files.getOwner(file))
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build();
            view.setAcl(List.of(owner));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot restrict {} to its owner: {}", file, e.getMessage());
        }
    }

    /** The instance file, or empty when it is missing or not what we write (then no instance is assumed). */
    static Optional<Info> readInfo(Path file) {
        String text;
        try {
            if (Files.size(file) > 4096) {
                LOG.warn("{} is larger than 4096 bytes: not a KeyWatch instance file; ignored", file);
                return Optional.empty();
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            LOG.warn("cannot read {}: access denied", file);
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
            return Optional.empty();
        }
        try {
            Map<String, Object> m = JSON.std.mapFrom(text);
            Object port = m.get("port");
            Object token = m.get("token");
            Object pid = m.get("pid");
            if (!(port instanceof Number p) || p.intValue() < 1 || p.intValue() > 65535
                    || !(token instanceof String t) || t.isBlank() || t.contains(" ")) {
                LOG.warn("{} does not hold a port (1-65535) and a token: ignored", file);
                return Optional.empty();
            }
            long pidValue = pid instanceof Number n ? n.longValue() : 0;
            return Optional.of(new Info(p.intValue(), t, pidValue));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} is not valid JSON ({}): ignored", file, e.getMessage());
            return Optional.empty();
        }
    }
}
