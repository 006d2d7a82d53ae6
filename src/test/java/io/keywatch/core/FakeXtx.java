package io.keywatch.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Scriptable in-memory XtxClient for core tests: what it answers, or which failure it raises. */
public final class FakeXtx implements XtxClient {
    public volatile boolean envOk = true;
    public volatile XtxException failure;
    /** Raised by SOF_GetUserList alone (the check itself still answers). */
    public volatile XtxException userListFailure;
    public volatile String version = "3.4.1";
    public volatile int devices = 1;
    public volatile List<KeyUser> users = List.of(new KeyUser("张三", "UserKey/5303201812001784"));
    public final AtomicInteger checkCalls = new AtomicInteger();
    /** Every BJCA function asked, in order (the certificate calls too). */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();

    @Override
    public String bridge() {
        return "fake";
    }

    @Override
    public boolean checkSoftDeviceEnv() throws XtxException {
        calls.add("CheckSoftDeviceEnv");
        checkCalls.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        return envOk;
    }

    @Override
    public String version() throws XtxException {
        calls.add("SOF_GetVersion");
        if (failure != null) {
            throw failure;
        }
        return version;
    }

    @Override
    public List<KeyUser> userList() throws XtxException {
        calls.add("SOF_GetUserList");
        if (failure != null) {
            throw failure;
        }
        if (userListFailure != null) {
            throw userListFailure;
        }
        return devices > 0 ? users : List.of();
    }

    @Override
    public int deviceCount() throws XtxException {
        calls.add("GetDeviceCount");
        if (failure != null) {
            throw failure;
        }
        return devices;
    }

    @Override
    public List<String> deviceSerials() {
        calls.add("GetAllDeviceSN");
        return new ArrayList<>();
    }

    @Override
    public String deviceInfo(String serial, int type) {
        calls.add("GetDeviceInfo");
        return "";
    }

    @Override
    public String exportUserCert(String certId) throws XtxException {
        calls.add("SOF_ExportUserCert");
        return "";
    }

    @Override
    public String certInfo(String cert, int type) throws XtxException {
        calls.add("SOF_GetCertInfo");
        return "";
    }

    @Override
    public int validateCert(String cert) throws XtxException {
        calls.add("SOF_ValidateCert");
        return 0;
    }

    @Override
    public int pinRetryCount(String certId) throws XtxException {
        calls.add("SOF_GetPinRetryCount");
        return 10;
    }

    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    @Override
    public AutoCloseable onConnectionChange(ConnectionListener listener) {
        connectionListeners.add(listener);
        return () -> connectionListeners.remove(listener);
    }

    /** The bridge says the connection dropped, as the WebSocket client does. */
    public void connectionLost(String reason) {
        connectionListeners.forEach(l -> l.lost(reason));
    }

    /** The bridge says the service answers again. */
    public void connectionBack() {
        connectionListeners.forEach(ConnectionListener::connected);
    }

    public int connectionListeners() {
        return connectionListeners.size();
    }

    public void push() {
        subscribers.forEach(Runnable::run);
    }

    @Override
    public void close() {
    }
}
