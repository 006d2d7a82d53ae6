package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid;
import org.junit.jupiter.api.Test;

/** The device-notification filter's GUID is its own copy: JNA-only, so it runs on any OS. */
class DeviceInterfaceFilterGuidTest {

    @Test
    void theFilterCopiesTheSharedGuidInsteadOfAdoptingIt() {
        Guid.GUID shared = new Guid.GUID("{A5DCBF10-6530-11D2-901F-00C04FB951ED}");
        Pointer before = shared.getPointer();
        DeviceInterfaceFilter f = DeviceInterfaceFilter.forClass(shared);

        assertThat(f.dbcc_classguid).isNotSameAs(shared);
        // Data4 is an array: read() after a call fills it in place, so it must not be the constant's array.
        assertThat(f.dbcc_classguid.Data4).isNotSameAs(shared.Data4);
        assertThat(shared.getPointer()).as("the constant keeps its own memory").isEqualTo(before);
        assertThat(f.dbcc_classguid.toGuidString()).isEqualTo(shared.toGuidString());
        // The filter's own bytes carry the GUID at the field's offset.
        byte[] written = f.getPointer().getByteArray(f.offsetOf("dbcc_classguid"), 16);
        shared.write();
        assertThat(written).containsExactly(shared.getPointer().getByteArray(0, 16));
        assertThat(written[0]).as("Data1 little-endian, as Windows reads it").isEqualTo((byte) 0x10);
    }
}
