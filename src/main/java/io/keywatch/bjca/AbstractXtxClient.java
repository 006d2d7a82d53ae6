package io.keywatch.bjca;

import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.util.List;

/**
 * The typed {@link XtxClient} functions on top of one untyped call, so every bridge (WebSocket,
 * HTTP {@code synctl}, COM) converts BJCA's loosely typed answers the same way, via {@link XtxProtocol}.
 * Only functions that never ask for a PIN are called.
 */
public abstract class AbstractXtxClient implements XtxClient {

    /**
     * Calls one BJCA function and returns its raw value (string, number or boolean as the bridge
     * delivered it). Must honour the bridge's timeout.
     */
    protected abstract Object call(String function, List<?> params) throws XtxException;

    @Override
    public boolean checkSoftDeviceEnv() throws XtxException {
        return XtxProtocol.toBoolean(XtxProtocol.CHECK_SOFT_DEVICE_ENV, call(XtxProtocol.CHECK_SOFT_DEVICE_ENV, List.of()));
    }

    @Override
    public String version() throws XtxException {
        return XtxProtocol.toText(XtxProtocol.GET_VERSION, call(XtxProtocol.GET_VERSION, List.of()));
    }

    @Override
    public List<KeyUser> userList() throws XtxException {
        return XtxProtocol.parseUserList(
                XtxProtocol.toText(XtxProtocol.GET_USER_LIST, call(XtxProtocol.GET_USER_LIST, List.of())));
    }

    @Override
    public int deviceCount() throws XtxException {
        return XtxProtocol.toInt(XtxProtocol.GET_DEVICE_COUNT, call(XtxProtocol.GET_DEVICE_COUNT, List.of()));
    }

    @Override
    public List<String> deviceSerials() throws XtxException {
        return XtxProtocol.parseDeviceSerials(
                XtxProtocol.toText(XtxProtocol.GET_ALL_DEVICE_SN, call(XtxProtocol.GET_ALL_DEVICE_SN, List.of())));
    }

    @Override
    public String deviceInfo(String serial, int type) throws XtxException {
        return XtxProtocol.toText(XtxProtocol.GET_DEVICE_INFO,
                call(XtxProtocol.GET_DEVICE_INFO, List.of(serial, type)));
    }

    @Override
    public String exportUserCert(String certId) throws XtxException {
        return XtxProtocol.toText(XtxProtocol.EXPORT_USER_CERT, call(XtxProtocol.EXPORT_USER_CERT, List.of(certId)));
    }

    @Override
    public String certInfo(String cert, int type) throws XtxException {
        return XtxProtocol.toText(XtxProtocol.GET_CERT_INFO, call(XtxProtocol.GET_CERT_INFO, List.of(cert, type)));
    }

    @Override
    public int validateCert(String cert) throws XtxException {
        return XtxProtocol.toInt(XtxProtocol.VALIDATE_CERT, call(XtxProtocol.VALIDATE_CERT, List.of(cert)));
    }

    @Override
    public int pinRetryCount(String certId) throws XtxException {
        return XtxProtocol.toInt(XtxProtocol.GET_PIN_RETRY_COUNT, call(XtxProtocol.GET_PIN_RETRY_COUNT, List.of(certId)));
    }
}
