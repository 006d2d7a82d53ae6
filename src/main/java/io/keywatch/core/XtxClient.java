package io.keywatch.core;

import java.util.List;

/**
 * Port to the BJCA certificate environment (XTX). Adapters: WebSocket, HTTP {@code synctl}, COM.
 * Every call is bounded by the adapter's timeout. Only functions that can never ask for a PIN are
 * offered here, on purpose.
 */
public interface XtxClient extends AutoCloseable {

    /** Short name of the bridge in use: {@code websocket}, {@code http} or {@code com}. */
    String bridge();

    /** {@code CheckSoftDeviceEnv()}: false is the stale-softkey-db incident. */
    boolean checkSoftDeviceEnv() throws XtxException;

    /**
     * {@code CheckSoftDeviceEnv()} with the reason for a false that the reply did not state (a reply
     * without a value counts as false, as on BJCA's pages). Bridges that can tell override it.
     */
    default CheckAnswer checkSoftDeviceEnvAnswer() throws XtxException {
        return new CheckAnswer(checkSoftDeviceEnv(), java.util.Optional.empty());
    }

    /** {@code SOF_GetVersion()}. */
    String version() throws XtxException;

    /** {@code SOF_GetUserList()}, parsed; empty when no key is present. */
    List<KeyUser> userList() throws XtxException;

    /** {@code GetDeviceCount()}. */
    int deviceCount() throws XtxException;

    /** {@code GetAllDeviceSN()}, split at {@code ;}. */
    List<String> deviceSerials() throws XtxException;

    /** {@code GetDeviceInfo(sn, type)}: 1 label, 3 serial, 4 algorithm, 7 HARD/SOFT, 8 driver DLL. */
    String deviceInfo(String serial, int type) throws XtxException;

    /** {@code SOF_ExportUserCert(certID)}: the certificate, base64. Read-only, never asks for a PIN. */
    String exportUserCert(String certId) throws XtxException;

    /**
     * {@code SOF_GetCertInfo(cert, type)}: 2 serial number, 11 valid from, 12 valid until
     * ({@code YYYYMMDDHHMMSS}), 17 the holder's common name.
     */
    String certInfo(String cert, int type) throws XtxException;

    /**
     * {@code SOF_ValidateCert(cert)}: 0 valid, -1 untrusted, -2 expired, -3 revoked, -4 frozen,
     * -5 not yet valid, -6 other. May consult revocation data over the network: adapters bound it.
     */
    int validateCert(String cert) throws XtxException;

    /** {@code SOF_GetPinRetryCount(certID)}: tries left, 0 = locked, negative = error. Costs no try. */
    int pinRetryCount(String certId) throws XtxException;

    /**
     * Subscribes to the connection state of bridges that hold a connection (WebSocket): the
     * listener hears when the service is lost and when it answers again, without a key event.
     * Runs on an adapter thread and must only post work elsewhere. Bridges without a connection
     * (HTTP, COM) never call it.
     *
     * @return closing it ends the subscription
     */
    default AutoCloseable onConnectionChange(ConnectionListener listener) {
        return () -> { };
    }

    /**
     * Subscribes to the service's {@code onUsbkeyChange} push (a key was inserted or removed).
     * The listener runs on an adapter thread and must only post work elsewhere.
     *
     * @return closing it ends the subscription
     */
    AutoCloseable onUsbkeyChange(Runnable listener);

    /** Releases connections and threads; never throws. */
    @Override
    void close();
}
