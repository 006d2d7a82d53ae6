package io.keywatch.doctor;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A BJCA stand-in for the doctor's tests: one certificate per user, every call recorded by function name. */
final class ScriptedXtx implements XtxClient {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean envOk = true;
    volatile XtxException failure;
    volatile int devices = 1;
    volatile List<KeyUser> users = List.of(new KeyUser("张三", "UserKey/5303201812001784"));
    volatile String validFrom = "20250101000000";
    volatile String validUntil = "20271231235959";
    volatile int validate;
    volatile XtxException validateFailure;
    /** When set, SOF_ValidateCert waits for it (a CRL host that never answers). */
    volatile CountDownLatch validateBlocks;
    volatile int pinRetries = 10;
    volatile String cert = "MIIBcert";
    volatile String bridge = "scripted";

    private void call(String function) throws XtxException {
        calls.add(function);
        if (failure != null) {
            throw failure;
        }
    }

    long count(String function) {
        return calls.stream().filter(function::equals).count();
    }

    @Override
    public String bridge() {
        return bridge;
    }

    @Override
    public boolean checkSoftDeviceEnv() throws XtxException {
        call("CheckSoftDeviceEnv");
        return envOk;
    }

    @Override
    public String version() throws XtxException {
        call("SOF_GetVersion");
        return "3.4.1-test";
    }

    @Override
    public List<KeyUser> userList() throws XtxException {
        call("SOF_GetUserList");
        return users;
    }

    @Override
    public int deviceCount() throws XtxException {
        call("GetDeviceCount");
        return devices;
    }

    @Override
    public List<String> deviceSerials() throws XtxException {
        call("GetAllDeviceSN");
        return new ArrayList<>();
    }

    @Override
    public String deviceInfo(String serial, int type) throws XtxException {
        call("GetDeviceInfo");
        return "";
    }

    @Override
    public String exportUserCert(String certId) throws XtxException {
        call("SOF_ExportUserCert");
        return cert;
    }

    @Override
    public String certInfo(String c, int type) throws XtxException {
        call("SOF_GetCertInfo");
        return switch (type) {
            case 11 -> validFrom;
            case 12 -> validUntil;
            case 2 -> "SN-" + c.hashCode();
            case 17 -> "张三";
            default -> "";
        };
    }

    @Override
    public int validateCert(String c) throws XtxException {
        call("SOF_ValidateCert");
        CountDownLatch block = validateBlocks;
        if (block != null) {
            try {
                block.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (validateFailure != null) {
            throw validateFailure;
        }
        return validate;
    }

    @Override
    public int pinRetryCount(String certId) throws XtxException {
        call("SOF_GetPinRetryCount");
        return pinRetries;
    }

    @Override
    public AutoCloseable onUsbkeyChange(Runnable listener) {
        return () -> { };
    }

    @Override
    public void close() {
    }
}
