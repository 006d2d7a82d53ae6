package io.keywatch.bjca;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.util.List;
import java.util.function.Supplier;

/**
 * An {@link XtxClient} opened by its first use: building the watchdog does not wait for the bridge
 * probe (a WebSocket handshake, an HTTP client, TLS set-up), so the tray icon is not held up by it,
 * and a command that never calls BJCA never opens anything.
 */
public final class LazyXtxClient implements XtxClient {
    private final Supplier<XtxClient> open;
    private XtxClient client;
    private boolean closed;

    /** @param open opens the real client (e.g. {@code XtxClients.open(...)}); called at most once */
    public LazyXtxClient(Supplier<XtxClient> open) {
        this.open = open;
    }

    /** The real client, opened now if it was not yet. */
    public synchronized XtxClient client() {
        if (client == null) {
            client = closed ? new UnavailableXtxClient("closed", "the BJCA client is closed") : open.get();
        }
        return client;
    }

    /** True once the real client was opened. */
    public synchronized boolean opened() {
        return client != null;
    }

    @Override
    public String bridge() {
        return client().bridge();
    }

    @Override
    public boolean checkSoftDeviceEnv() throws XtxException {
        return client().checkSoftDeviceEnv();
    }

    @Override
    public io.keywatch.core.CheckAnswer checkSoftDeviceEnvAnswer() throws XtxException {
        return client().checkSoftDeviceEnvAnswer();
    }

    @Override
    public String version() throws XtxException {
        return client().version();
    }

    @Override
    public List<KeyUser> userList() throws XtxException {
        return client().userList();
    }

    @Override
    public int deviceCount() throws XtxException {
        return client().deviceCount();
    }

    @Override
    public List<String> deviceSerials() throws XtxException {
        return client().deviceSerials();
    }

    @Override
    public String deviceInfo(String serial, int type) throws XtxException {
        return client().deviceInfo(serial, type);
    }

    @Override
    public String exportUserCert(String certId) throws XtxException {
        return client().exportUserCert(certId);
    }

    @Override
    public String certInfo(String cert, int type) throws XtxException {
        return client().certInfo(cert, type);
    }

    @Override
    public int validateCert(String cert) throws XtxException {
        return client().validateCert(cert);
    }

    @Override
    public int pinRetryCount(String certId) throws XtxException {
        return client().pinRetryCount(certId);
    }

    @Override
    public AutoCloseable onConnectionChange(io.keywatch.core.ConnectionListener listener) {
        return client().onConnectionChange(listener);
    }

    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        return client().onUsbkeyChange(listener);
    }

    @Override
    public void close() {
        XtxClient c;
        synchronized (this) {
            closed = true;
            c = client;
        }
        if (c != null) {
            c.close();
        }
    }
}
