package io.keywatch.usb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes a {@code WM_DEVICECHANGE} message: {@code wParam} is the event, {@code lParam} points to a
 * {@code DEV_BROADCAST_HDR}, for device interfaces a {@code DEV_BROADCAST_DEVICEINTERFACE_W}:
 *
 * <pre>
 *  offset  field              type
 *   0      dbcc_size          DWORD   (bytes, including the whole name)
 *   4      dbcc_devicetype    DWORD   (5 = DBT_DEVTYP_DEVICEINTERFACE)
 *   8      dbcc_reserved      DWORD
 *  12      dbcc_classguid     GUID    (16 bytes)
 *  28      dbcc_name          WCHAR[] (UTF-16LE, NUL-terminated)
 * </pre>
 *
 * The layout has no pointer-sized member, so it is the same for 32- and 64-bit processes. Pure Java
 * over the bytes, so it is tested on any OS; {@link WindowsDeviceNotifications} copies the bytes.
 */
public final class DeviceBroadcast {

    public static final int DBT_DEVICEARRIVAL = 0x8000;
    public static final int DBT_DEVICEREMOVECOMPLETE = 0x8004;
    public static final int DBT_DEVTYP_DEVICEINTERFACE = 5;

    public static final int OFFSET_SIZE = 0;
    public static final int OFFSET_DEVICE_TYPE = 4;
    public static final int OFFSET_RESERVED = 8;
    public static final int OFFSET_CLASS_GUID = 12;
    public static final int OFFSET_NAME = 28;
    /** {@code sizeof(DEV_BROADCAST_HDR)}. */
    public static final int HEADER_SIZE = 12;
    /** {@code sizeof(DEV_BROADCAST_DEVICEINTERFACE_W)}: 28 + one WCHAR, padded to DWORD alignment. */
    public static final int DEVICE_INTERFACE_SIZE = 32;
    /** Longest broadcast read: far above any device path (MAX_PATH-ish), guards a corrupt size field. */
    public static final int MAX_SIZE = OFFSET_NAME + 2 * 4096;

    /** What happened to which device interface. */
    public enum Kind { ARRIVAL, REMOVAL }

    public record DeviceChange(Kind kind, String devicePath) {
    }

    private DeviceBroadcast() {
    }

    /** The event this {@code wParam} carries, or empty for events KeyWatch ignores (query-remove, config changes...). */
    public static Optional<Kind> kindOf(long wParam) {
        if (wParam == DBT_DEVICEARRIVAL) {
            return Optional.of(Kind.ARRIVAL);
        }
        if (wParam == DBT_DEVICEREMOVECOMPLETE) {
            return Optional.of(Kind.REMOVAL);
        }
        return Optional.empty();
    }

    /**
     * Decodes the message.
     *
     * @param wParam    the event code
     * @param broadcast the bytes {@code lParam} points to, at least the header; may be longer than {@code dbch_size}
     * @return empty for ignored events, non-interface broadcasts and malformed data
     */
    public static Optional<DeviceChange> decode(long wParam, byte[] broadcast) {
        Optional<Kind> kind = kindOf(wParam);
        if (kind.isEmpty() || broadcast == null || broadcast.length < HEADER_SIZE) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(broadcast).order(ByteOrder.LITTLE_ENDIAN);
        int size = b.getInt(OFFSET_SIZE);
        if (b.getInt(OFFSET_DEVICE_TYPE) != DBT_DEVTYP_DEVICEINTERFACE || size < OFFSET_NAME || size > MAX_SIZE) {
            return Optional.empty();
        }
        int end = Math.min(size, broadcast.length);
        int nameEnd = OFFSET_NAME;
        while (nameEnd + 1 < end && (broadcast[nameEnd] != 0 || broadcast[nameEnd + 1] != 0)) {
            nameEnd += 2;
        }
        String name = new String(broadcast, OFFSET_NAME, nameEnd - OFFSET_NAME, StandardCharsets.UTF_16LE);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeviceChange(kind.get(), name));
    }

    /** How many bytes to copy from {@code lParam}: the header's size field, bounded. */
    public static int bytesToRead(int sizeField) {
        if (sizeField < HEADER_SIZE) {
            return HEADER_SIZE;
        }
        return Math.min(sizeField, MAX_SIZE);
    }
}
