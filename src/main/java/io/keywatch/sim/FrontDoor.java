package io.keywatch.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's one public port, as the real service has one (21051): it reads the head of each
 * HTTP request and hands the connection to the WebSocket server when it asks for an upgrade, to the
 * {@code synctl} HTTP server otherwise. Both servers listen on private loopback ports; this door
 * only peeks at the head and then copies bytes both ways, so neither protocol is written by hand
 * here. Java-WebSocket's server rejects every request that is not an upgrade before any hook could
 * see it, hence this door rather than one server doing both. The same door with a TLS server
 * socket is the {@code wss://}/{@code https://} port: TLS ends here, the servers behind stay plain.
 */
final class FrontDoor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrontDoor.class);
    /** A request head longer than this is refused (the real service's heads are a few hundred bytes). */
    static final int HEAD_LIMIT = 16 * 1024;
    /** How long a client may take to send its request head (or its TLS handshake). */
    private static final int HEAD_TIMEOUT_MILLIS = 10_000;
    private static final Pattern UPGRADE = Pattern.compile("(?im)^upgrade:\\s*websocket\\s*$");
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listening;
    private final InetSocketAddress webSocketServer;
    private final InetSocketAddress synctlServer;
    private final ExecutorService pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    FrontDoor(ServerSocket listening, InetSocketAddress webSocketServer, InetSocketAddress synctlServer,
              ExecutorService pool) {
        this.listening = listening;
        this.webSocketServer = webSocketServer;
        this.synctlServer = synctlServer;
        this.pool = pool;
    }

    int port() {
        return listening.getLocalPort();
    }

    void start() {
        pool.execute(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("simulator port {} stopped accepting: {}", port(), e.toString());
                }
                return;
            }
            open.add(client);
            try {
                pool.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                closeQuietly(client);
            }
        }
    }

    private void serve(Socket client) {
        Socket server = null;
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout(HEAD_TIMEOUT_MILLIS);
            byte[] head = readHead(client.getInputStream());
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            boolean upgrade = UPGRADE.matcher(headerPart(text)).find();
            server = new Socket(Proxy.NO_PROXY);
            open.add(server);
            server.setTcpNoDelay(true);
            server.connect(upgrade ? webSocketServer : synctlServer, HEAD_TIMEOUT_MILLIS);
            client.setSoTimeout(0);
            server.getOutputStream().write(head);
            Socket s = server;
            pool.execute(() -> copy(s, client));
            copy(client, server);
        } catch (IOException | RejectedExecutionException e) {
            LOG.debug("simulator connection on port {} ended: {}", port(), e.toString());
        } finally {
            closeQuietly(client);
            if (server != null) {
                closeQuietly(server);
            }
        }
    }

    /** The bytes up to and including the blank line after the headers (plus whatever came with them). */
    private static byte[] readHead(InputStream in) throws IOException {
        byte[] buffer = new byte[2048];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (buffer.length >= HEAD_LIMIT) {
                    return null;
                }
                buffer = Arrays.copyOf(buffer, Math.min(HEAD_LIMIT, buffer.length * 2));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return null;
            }
            int searchFrom = Math.max(0, length - END_OF_HEAD.length);
            length += n;
            if (indexOf(buffer, length, searchFrom) >= 0) {
                return Arrays.copyOf(buffer, length);
            }
        }
    }

    private static int indexOf(byte[] buffer, int length, int from) {
        outer:
        for (int i = from; i <= length - END_OF_HEAD.length; i++) {
            for (int j = 0; j < END_OF_HEAD.length; j++) {
                if (buffer[i + j] != END_OF_HEAD[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String headerPart(String text) {
        int end = text.indexOf("\r\n\r\n");
        return (end < 0 ? text : text.substring(0, end)).toLowerCase(Locale.ROOT);
    }

    /** Copies until either side ends, then ends both (a cut on one side is a cut on the other). */
    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException e) {
            // closed by the other direction or by close()
        } catch (IOException e) {
            LOG.debug("simulator copy ended: {}", e.toString());
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a simulator socket: {}", e.toString());
        }
    }

    /** Stops listening and cuts every connection through this door. */
    @Override
    public void close() {
        closed = true;
        try {
            listening.close();
        } catch (IOException e) {
            LOG.debug("closing simulator port: {}", e.toString());
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
