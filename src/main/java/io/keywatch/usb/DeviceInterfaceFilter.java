package io.keywatch.usb;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid;

/**
 * {@code DEV_BROADCAST_DEVICEINTERFACE_W} as passed to {@code RegisterDeviceNotification}. Declared
 * here (not jna-platform's {@code DBT} class) because that one types the name as {@code char[]},
 * whose size follows the host's {@code wchar_t}; this one is exact on every OS, so its size and
 * offsets are checked against {@link DeviceBroadcast} on Linux too.
 */
@Structure.FieldOrder({"dbcc_size", "dbcc_devicetype", "dbcc_reserved", "dbcc_classguid", "dbcc_name"})
public final class DeviceInterfaceFilter extends Structure {
    public int dbcc_size;
    public int dbcc_devicetype;
    public int dbcc_reserved;
    public Guid.GUID dbcc_classguid = new Guid.GUID();
    public short[] dbcc_name = new short[1];

    public DeviceInterfaceFilter() {
        this(ALIGN_DEFAULT);
    }

    DeviceInterfaceFilter(int alignType) {
        super(alignType);
    }

    /**
     * A filter for every device interface of the given class. The GUID is copied: a structure
     * assigned into a by-value field is re-pointed by {@link #write()} into this filter's memory, so
     * assigning a shared constant ({@code DBT.GUID_DEVINTERFACE_USB_DEVICE}) would leave the constant
     * backed by this filter's native memory, freed once the filter is collected. Copied through its
     * bytes: jna-platform's copy constructor shares the {@code Data4} array, which every
     * {@code read()} after a call fills in place.
     */
    static DeviceInterfaceFilter forClass(Guid.GUID interfaceClass) {
        DeviceInterfaceFilter f = new DeviceInterfaceFilter();
        f.dbcc_devicetype = DeviceBroadcast.DBT_DEVTYP_DEVICEINTERFACE;
        f.dbcc_classguid = new Guid.GUID(interfaceClass.toByteArray());
        f.dbcc_size = f.size();
        f.write();
        return f;
    }

    /** Field offset, for the layout tests. */
    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
