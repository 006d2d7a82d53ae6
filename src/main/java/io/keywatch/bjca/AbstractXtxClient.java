package io.keywatch.bjca;

import io.keywatch.core.CheckAnswer;
import io.keywatch.core.KeyUser;
import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.util.List;
import java.util.Optional;

/**
 * The typed {@link XtxClient} functions on top of one untyped call, so the WebSocket and HTTP
 * {@code synctl} bridges read BJCA's loosely typed answers the same way, the way BJCA's page scripts
 * read them ({@link XtxValues}). Only functions that never ask for a PIN are called.
 */
public abstract class AbstractXtxClient implements XtxClient {

    /**
     * Calls one BJCA function and returns the reply's value (string, number or boolean as it came),
     * empty when the reply carried none. Must honour the bridge's timeout.
     */
    protected abstract Optional<Object> call(String function, List<?> params) throws XtxException;

    @Override
    public boolean checkSoftDeviceEnv() throws XtxException {
        return checkSoftDeviceEnvAnswer().ok();
    }

    /** False with a remark when the reply had no value or a value other than true/false. */
    @Override
    public CheckAnswer checkSoftDeviceEnvAnswer() throws XtxException {
        String f = XtxProtocol.CHECK_SOFT_DEVICE_ENV;
        Optional<Object> value = call(f, List.of());
        boolean ok = XtxValues.toBoolean(f, value);
        if (value.isEmpty()) {
            return new CheckAnswer(false, Optional.of("BJCA's reply to " + f + " carried no value; BJCA's pages "
                    + "read that as false"));
        }
        Object v = value.get();
        if (!(v instanceof Boolean || "true".equals(v) || "false".equals(v))) {
            return new CheckAnswer(false, Optional.of(f + " returned " + XtxProtocol.quote(String.valueOf(v))
                    + ", which BJCA's pages read as false (only \"true\" or true is true)"));
        }
        return new CheckAnswer(ok, Optional.empty());
    }

    @Override
    public String version() throws XtxException {
        return XtxValues.toText(XtxProtocol.GET_VERSION, call(XtxProtocol.GET_VERSION, List.of()));
    }

    @Override
    public List<KeyUser> userList() throws XtxException {
        return XtxValues.parseUserList(
                XtxValues.toText(XtxProtocol.GET_USER_LIST, call(XtxProtocol.GET_USER_LIST, List.of())));
    }

    @Override
    public int deviceCount() throws XtxException {
        return XtxValues.toInt(XtxProtocol.GET_DEVICE_COUNT, call(XtxProtocol.GET_DEVICE_COUNT, List.of()));
    }

    @Override
    public List<String> deviceSerials() throws XtxException {
        return XtxValues.parseDeviceSerials(
                XtxValues.toText(XtxProtocol.GET_ALL_DEVICE_SN, call(XtxProtocol.GET_ALL_DEVICE_SN, List.of())));
    }

    @Override
    public String deviceInfo(String serial, int type) throws XtxException {
        return XtxValues.toText(XtxProtocol.GET_DEVICE_INFO, call(XtxProtocol.GET_DEVICE_INFO, List.of(serial, type)));
    }

    @Override
    public String exportUserCert(String certId) throws XtxException {
        return XtxValues.toText(XtxProtocol.EXPORT_USER_CERT, call(XtxProtocol.EXPORT_USER_CERT, List.of(certId)));
    }

    @Override
    public String certInfo(String cert, int type) throws XtxException {
        return XtxValues.toText(XtxProtocol.GET_CERT_INFO, call(XtxProtocol.GET_CERT_INFO, List.of(cert, type)));
    }

    @Override
    public int validateCert(String cert) throws XtxException {
        return XtxValues.toInt(XtxProtocol.VALIDATE_CERT, call(XtxProtocol.VALIDATE_CERT, List.of(cert)));
    }

    @Override
    public int pinRetryCount(String certId) throws XtxException {
        return XtxValues.toInt(XtxProtocol.GET_PIN_RETRY_COUNT, call(XtxProtocol.GET_PIN_RETRY_COUNT, List.of(certId)));
    }
}
