package io.keywatch.bjca.com;

/**
 * The BJCA functions the COM bridge calls, with the dispatch ids from the public type-library dump
 * ({@code -1}: no id known, the call is by name only). None of them can ask for a PIN.
 */
enum XtxFunction {
    CHECK_SOFT_DEVICE_ENV("CheckSoftDeviceEnv", 99),
    SOF_GET_VERSION("SOF_GetVersion", 56),
    SOF_GET_USER_LIST("SOF_GetUserList", -1),
    GET_DEVICE_COUNT("GetDeviceCount", 32),
    GET_ALL_DEVICE_SN("GetAllDeviceSN", 33),
    GET_DEVICE_INFO("GetDeviceInfo", 35),
    SOF_EXPORT_USER_CERT("SOF_ExportUserCert", 6),
    SOF_GET_CERT_INFO("SOF_GetCertInfo", 10),
    SOF_VALIDATE_CERT("SOF_ValidateCert", 58),
    SOF_GET_PIN_RETRY_COUNT("SOF_GetPinRetryCount", 8);

    private final String comName;
    private final int dispId;

    XtxFunction(String comName, int dispId) {
        this.comName = comName;
        this.dispId = dispId;
    }

    String comName() {
        return comName;
    }

    int dispId() {
        return dispId;
    }

    boolean hasDispId() {
        return dispId >= 0;
    }
}
