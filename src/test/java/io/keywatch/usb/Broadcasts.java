package io.keywatch.usb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-built {@code DEV_BROADCAST_DEVICEINTERFACE_W} bytes, as Windows passes them in lParam. */
final class Broadcasts {
    private Broadcasts() {
    }

    static byte[] deviceInterface(String name) {
        return deviceInterface(name, DeviceBroadcast.DBT_DEVTYP_DEVICEINTERFACE);
    }

    static byte[] deviceInterface(String name, int deviceType) {
        byte[] chars = name.getBytes(StandardCharsets.UTF_16LE);
        int size = DeviceBroadcast.OFFSET_NAME + chars.length + 2; // NUL terminator
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(DeviceBroadcast.OFFSET_SIZE, size);
        b.putInt(DeviceBroadcast.OFFSET_DEVICE_TYPE, deviceType);
        b.putInt(DeviceBroadcast.OFFSET_CLASS_GUID, 0xA5DCBF10);
        b.put(DeviceBroadcast.OFFSET_NAME, chars);
        return b.array();
    }
}
