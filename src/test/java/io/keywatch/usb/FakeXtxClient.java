package io.keywatch.usb;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A BJCA stand-in: answers as configured, counts calls, and pushes onUsbkeyChange on demand. */
class FakeXtxClient implements XtxClient {
    final AtomicLong checkCalls = new AtomicLong();
    final AtomicLong deviceCountCalls = new AtomicLong();
    final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    volatile boolean envOk = true;
    volatile int devices;
    volatile List<KeyUser> users = List.of();
    volatile XtxException failure;

    @Override
    public String bridge() {
        return "fake";
    }

    @Override
    public boolean checkSoftDeviceEnv() throws XtxException {
        checkCalls.incrementAndGet();
        throwIfFailing();
        return envOk;
    }

    @Override
    public String version() throws XtxException {
        throwIfFailing();
        return "3.4.1-fake";
    }

    @Override
    public List<KeyUser> userList() throws XtxException {
        throwIfFailing();
        return users;
    }

    @Override
    public int deviceCount() throws XtxException {
        deviceCountCalls.incrementAndGet();
        throwIfFailing();
        return devices;
    }

    @Override
    public List<String> deviceSerials() throws XtxException {
        throwIfFailing();
        return List.of();
    }

    @Override
    public String deviceInfo(String serial, int type) throws XtxException {
        throwIfFailing();
        return "";
    }

    @Override
    public String exportUserCert(String certId) throws XtxException {
        throwIfFailing();
        return "";
    }

    @Override
    public String certInfo(String cert, int type) throws XtxException {
        throwIfFailing();
        return "";
    }

    @Override
    public int validateCert(String cert) throws XtxException {
        throwIfFailing();
        return 0;
    }

    @Override
    public int pinRetryCount(String certId) throws XtxException {
        throwIfFailing();
        return 10;
    }

    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The service pushes {@code onUsbkeyChange}. */
    void pushUsbkeyChange() {
        listeners.forEach(Runnable::run);
    }

    /** A key is plugged in (as the service would then report it). */
    void insertKey() {
        devices = 1;
        users = List.of(new KeyUser("张三", "UserKey/5303201812001784"));
    }

    void removeKey() {
        devices = 0;
        users = List.of();
    }

    private void throwIfFailing() throws XtxException {
        XtxException f = failure;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public void close() {
    }
}
