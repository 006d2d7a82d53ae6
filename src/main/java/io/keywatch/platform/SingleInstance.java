package io.keywatch.platform;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
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
import java.security.MessageDigest;
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
    static final int MAX_REQUEST_BYTES = 256;
    static final int MAX_REPLY_BYTES = 64 * 1024;
    static final Duration SERVER_READ_TIMEOUT = Duration.ofSeconds(2);

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
    private volatile Thread acceptor;
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
        Files.createDirectories(dataDir);
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
    public synchronized void serve(Handler handler) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (acceptor != null) {
            throw new IllegalStateException("already serving");
        }
        ServerSocket socket = new ServerSocket();
        String secret = newToken();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            writeInfo(infoFile, socket.getLocalPort(), secret);
            server = socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        LOG.info("single instance: listening on 127.0.0.1:{}", server.getLocalPort());
        Thread t = new Thread(() -> acceptLoop(socket, secret, handler), "keywatch-instance");
        t.setDaemon(true);
        acceptor = t;
        t.start();
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
        ServerSocket socket;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            socket = server;
        }
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing the instance socket: {}", e.getMessage());
            }
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
        Thread t = acceptor;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(SERVER_READ_TIMEOUT.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
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
            if (reply.startsWith("error")) {
                throw new IOException("KeyWatch (pid " + i.pid() + ") refused '" + request + "': " + reply);
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
                if (query(dataDir, SHOW, Duration.ofSeconds(2)).isPresent()) {
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

    // ------------------------------------------------------------------ server side

    private void acceptLoop(ServerSocket server, String token, Handler handler) {
        while (!closed) {
            try (Socket s = server.accept()) {
                answer(s, token, handler);
            } catch (SocketException e) {
                if (!closed) {
                    LOG.warn("instance channel: {}", e.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("instance channel request failed: {}", e.toString());
            }
        }
    }

    /** One bounded request, one reply; slow or oversized clients are cut off, not waited for. */
    private void answer(Socket s, String token, Handler handler) throws IOException {
        s.setSoTimeout((int) SERVER_READ_TIMEOUT.toMillis());
        OutputStream out = s.getOutputStream();
        String line;
        try {
            line = readLine(s.getInputStream(), MAX_REQUEST_BYTES);
        } catch (SocketTimeoutException e) {
            LOG.warn("instance channel: no request within {} ms", SERVER_READ_TIMEOUT.toMillis());
            return;
        } catch (TooLongException e) {
            reply(out, "error: request longer than " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        if (line == null) {
            return;
        }
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
            result = "error: unknown request '" + printable(request) + "'; accepted: " + SHOW + ", " + STATUS;
        }
        reply(out, result.replace('\n', ' ').replace('\r', ' '));
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
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
