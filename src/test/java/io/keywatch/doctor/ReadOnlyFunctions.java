package io.keywatch.doctor;

import java.util.Set;

/**
 * The BJCA functions KeyWatch may call: none can show a PIN dialog or spend a PIN try
 * ({@code reference/bjca-scripts.md}). Tests assert every recorded call is in this set.
 */
final class ReadOnlyFunctions {
    static final Set<String> ALL = Set.of("CheckSoftDeviceEnv", "SOF_GetVersion", "SOF_GetUserList",
            "GetDeviceCount", "GetAllDeviceSN", "GetDeviceInfo", "SOF_GetLastError", "SOF_GetLastErrMsg",
            "EnableSoftDevice", "SOF_ExportUserCert", "SOF_GetCertInfo", "SOF_ValidateCert", "SOF_GetPinRetryCount");

    private ReadOnlyFunctions() {
    }
}
