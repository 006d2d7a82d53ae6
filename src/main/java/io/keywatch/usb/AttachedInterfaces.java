package io.keywatch.usb;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.SetupApi;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The device interface paths attached now ({@code SetupDiGetClassDevs} + {@code SetupDiEnumDeviceInterfaces}
 * + {@code SetupDiGetDeviceInterfaceDetail}), so the Windows source knows the keys present before it
 * started. Native calls only in {@link #list}; the layout of {@code SP_DEVICE_INTERFACE_DETAIL_DATA_W}
 * is pure and tested on Linux.
 */
final class AttachedInterfaces {
    /** Offset of {@code DevicePath} after the {@code DWORD cbSize}. */
    static final int DEVICE_PATH_OFFSET = 4;
    /** Larger than any device path; guards a corrupt required-size answer. */
    static final int MAX_DETAIL_SIZE = DEVICE_PATH_OFFSET + 2 * 4096;

    private AttachedInterfaces() {
    }

    /**
     * The {@code cbSize} Windows expects in {@code SP_DEVICE_INTERFACE_DETAIL_DATA_W}: the struct's
     * size, a DWORD and one WCHAR: 6 in a 32-bit process (packed to 1), 8 in a 64-bit one (padded).
     * Not the buffer size: the classic mistake that makes the call fail with ERROR_INVALID_USER_BUFFER.
     */
    static int detailCbSize(int pointerSize) {
        return pointerSize == 8 ? 8 : 6;
    }

    /** The NUL-terminated UTF-16LE path after {@code cbSize}. */
    static String devicePath(byte[] detail) {
        int end = DEVICE_PATH_OFFSET;
        while (end + 1 < detail.length && (detail[end] != 0 || detail[end + 1] != 0)) {
            end += 2;
        }
        return end <= DEVICE_PATH_OFFSET ? ""
                : new String(detail, DEVICE_PATH_OFFSET, end - DEVICE_PATH_OFFSET, StandardCharsets.UTF_16LE);
    }

    /** Paths of the present interfaces of the class; empty when Windows does not answer. Windows only. */
    static List<String> list(Guid.GUID interfaceClass) {
        SetupApi api = SetupApi.INSTANCE;
        WinNT.HANDLE set = api.SetupDiGetClassDevs(interfaceClass, null, null,
                SetupApi.DIGCF_PRESENT | SetupApi.DIGCF_DEVICEINTERFACE);
        if (set == null || WinBase.INVALID_HANDLE_VALUE.equals(set)) {
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        try {
            SetupApi.SP_DEVICE_INTERFACE_DATA data = new SetupApi.SP_DEVICE_INTERFACE_DATA();
            for (int i = 0; api.SetupDiEnumDeviceInterfaces(set, null, interfaceClass, i, data); i++) {
                IntByReference required = new IntByReference();
                // First call only asks for the size (it "fails" with ERROR_INSUFFICIENT_BUFFER).
                api.SetupDiGetDeviceInterfaceDetail(set, data, null, 0, required, null);
                int size = required.getValue();
                if (size <= DEVICE_PATH_OFFSET || size > MAX_DETAIL_SIZE) {
                    continue;
                }
                Memory detail = new Memory(size);
                detail.clear();
                detail.setInt(0, detailCbSize(Native.POINTER_SIZE));
                if (api.SetupDiGetDeviceInterfaceDetail(set, data, detail, size, null, null)) {
                    String path = devicePath(detail.getByteArray(0, size));
                    if (!path.isEmpty()) {
                        paths.add(path);
                    }
                }
            }
        } finally {
            api.SetupDiDestroyDeviceInfoList(set);
        }
        return paths;
    }
}
