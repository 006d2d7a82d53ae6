package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.DBT;
import com.sun.jna.platform.win32.Guid;
import io.keywatch.usb.DeviceBroadcast.DeviceChange;
import io.keywatch.usb.DeviceBroadcast.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeviceBroadcastTest {
    static final String PATH = "\\\\?\\USB#VID_096E&PID_0303#5&1a2b&0&2#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";

    @Test
    void decodesArrivalAndRemoval() {
        assertThat(DeviceBroadcast.decode(0x8000, Broadcasts.deviceInterface(PATH)))
                .contains(new DeviceChange(Kind.ARRIVAL, PATH));
        assertThat(DeviceBroadcast.decode(0x8004, Broadcasts.deviceInterface(PATH)))
                .contains(new DeviceChange(Kind.REMOVAL, PATH));
    }

    @Test
    void wParamValuesMatchTheWindowsHeaders() {
        assertThat(DeviceBroadcast.DBT_DEVICEARRIVAL).isEqualTo(DBT.DBT_DEVICEARRIVAL);
        assertThat(DeviceBroadcast.DBT_DEVICEREMOVECOMPLETE).isEqualTo(DBT.DBT_DEVICEREMOVECOMPLETE);
        assertThat(DeviceBroadcast.DBT_DEVTYP_DEVICEINTERFACE).isEqualTo(DBT.DBT_DEVTYP_DEVICEINTERFACE);
    }

    @ParameterizedTest
    @ValueSource(longs = {0x0007 /* DBT_DEVNODES_CHANGED */, 0x8001 /* query remove */,
            0x8003 /* remove pending */, 0x0018 /* config changed */, 0})
    void otherEventsAreIgnored(long wParam) {
        assertThat(DeviceBroadcast.decode(wParam, Broadcasts.deviceInterface(PATH))).isEmpty();
    }

    @Test
    void otherDeviceTypesAreIgnored() {
        assertThat(DeviceBroadcast.decode(0x8000, Broadcasts.deviceInterface(PATH, 2 /* volume */))).isEmpty();
        assertThat(DeviceBroadcast.decode(0x8000, Broadcasts.deviceInterface(PATH, 3 /* port */))).isEmpty();
    }

    @Test
    void malformedBroadcastsGiveNothing() {
        assertThat(DeviceBroadcast.decode(0x8000, null)).isEmpty();
        assertThat(DeviceBroadcast.decode(0x8000, new byte[8])).as("shorter than the header").isEmpty();
        byte[] bogusSize = Broadcasts.deviceInterface(PATH);
        ByteBuffer.wrap(bogusSize).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 10);
        assertThat(DeviceBroadcast.decode(0x8000, bogusSize)).as("size below the name offset").isEmpty();
        ByteBuffer.wrap(bogusSize).order(ByteOrder.LITTLE_ENDIAN).putInt(0, Integer.MAX_VALUE);
        assertThat(DeviceBroadcast.decode(0x8000, bogusSize)).as("absurd size").isEmpty();
        assertThat(DeviceBroadcast.decode(0x8000, Broadcasts.deviceInterface(""))).as("empty name").isEmpty();
    }

    @Test
    void nameEndsAtTheTerminatorOrAtTheSizeField() {
        byte[] b = Broadcasts.deviceInterface(PATH);
        byte[] longer = Arrays.copyOf(b, b.length + 16);
        Arrays.fill(longer, b.length, longer.length, (byte) 'x');
        assertThat(DeviceBroadcast.decode(0x8000, longer)).map(DeviceChange::devicePath).contains(PATH);
        // No terminator: the size field bounds the name.
        byte[] unterminated = Arrays.copyOf(b, b.length - 2);
        ByteBuffer.wrap(unterminated).order(ByteOrder.LITTLE_ENDIAN).putInt(0, unterminated.length);
        assertThat(DeviceBroadcast.decode(0x8000, unterminated)).map(DeviceChange::devicePath).contains(PATH);
    }

    @Test
    void bytesToReadIsBounded() {
        assertThat(DeviceBroadcast.bytesToRead(-1)).isEqualTo(DeviceBroadcast.HEADER_SIZE);
        assertThat(DeviceBroadcast.bytesToRead(200)).isEqualTo(200);
        assertThat(DeviceBroadcast.bytesToRead(Integer.MAX_VALUE)).isEqualTo(DeviceBroadcast.MAX_SIZE);
    }

    /** No pointer-sized member: the layout is the same for 32- and 64-bit processes and all alignment rules. */
    @ParameterizedTest
    @ValueSource(ints = {Structure.ALIGN_DEFAULT, Structure.ALIGN_MSVC, Structure.ALIGN_GNUC})
    void filterLayoutMatchesTheDecoderOffsets(int alignType) {
        DeviceInterfaceFilter f = new DeviceInterfaceFilter(alignType);
        assertThat(f.size()).isEqualTo(DeviceBroadcast.DEVICE_INTERFACE_SIZE);
        assertThat(f.offsetOf("dbcc_size")).isEqualTo(DeviceBroadcast.OFFSET_SIZE);
        assertThat(f.offsetOf("dbcc_devicetype")).isEqualTo(DeviceBroadcast.OFFSET_DEVICE_TYPE);
        assertThat(f.offsetOf("dbcc_reserved")).isEqualTo(DeviceBroadcast.OFFSET_RESERVED);
        assertThat(f.offsetOf("dbcc_classguid")).isEqualTo(DeviceBroadcast.OFFSET_CLASS_GUID);
        assertThat(f.offsetOf("dbcc_name")).isEqualTo(DeviceBroadcast.OFFSET_NAME);
    }

    @Test
    void filterForUsbDevicesCarriesSizeTypeAndGuid() {
        DeviceInterfaceFilter f = DeviceInterfaceFilter.forClass(DBT.GUID_DEVINTERFACE_USB_DEVICE);
        assertThat(f.getPointer().getInt(DeviceBroadcast.OFFSET_SIZE)).isEqualTo(32);
        assertThat(f.getPointer().getInt(DeviceBroadcast.OFFSET_DEVICE_TYPE)).isEqualTo(5);
        assertThat(f.getPointer().getInt(DeviceBroadcast.OFFSET_CLASS_GUID)).isEqualTo(0xA5DCBF10);
        Guid.GUID guid = new Guid.GUID(f.getPointer().share(DeviceBroadcast.OFFSET_CLASS_GUID));
        assertThat(guid.toGuidString()).isEqualToIgnoringCase("{A5DCBF10-6530-11D2-901F-00C04FB951ED}");
    }
}
