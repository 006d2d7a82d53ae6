package io.keywatch.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * "Another program holds BJCA's port": a loopback listener that answers every connection with a web
 * server's 404 and closes it, as a local web server or proxy on 21051 would. The BJCA client then
 * sees no service; the doctor names this process as the port's owner.
 */
public final class PortSquatter implements AutoCloseable {
    static final String REPLY = "HTTP/1.1 404 Not Found\r\nServer: squatter\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    private final ServerSocket socket;
    private final Thread thread;

    private PortSquatter(ServerSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::serve, "keywatch-sim-squatter");
        thread.setDaemon(true);
        thread.start();
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public static PortSquatter on(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new PortSquatter(s);
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket c = socket.accept()) {
                c.setSoTimeout(2000);
                c.getInputStream().read(new byte[4096]);
                OutputStream out = c.getOutputStream();
                out.write(REPLY.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // closed, or a client that went away: next one
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
