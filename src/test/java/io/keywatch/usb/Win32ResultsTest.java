package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.WinDef;
import org.junit.jupiter.api.Test;

/** The Win32 result checks and the filter's GUID copy: pure or JNA-only, so they run on any OS. */
class Win32ResultsTest {

    @Test
    void registerClassExFailsWithAZeroAtomNotANullOne() {
        assertThat(Win32Results.registered(new WinDef.ATOM(0))).as("0 is RegisterClassEx's failure").isFalse();
        assertThat(Win32Results.registered(null)).isFalse();
        assertThat(Win32Results.registered(new WinDef.ATOM(1))).isTrue();
        assertThat(Win32Results.registered(new WinDef.ATOM(0xC001))).as("a typical class atom").isTrue();
        assertThat(Win32Results.registered(new WinDef.ATOM(0xFFFF))).isTrue();
    }

    @Test
    void theErrorIsTheOneJnaPreservedForThisThread() {
        Win32Results.clearLastError();
        assertThat(Win32Results.failure("RegisterClassEx")).isEqualTo("RegisterClassEx failed, error 0");
        com.sun.jna.Native.setLastError(1410); // ERROR_CLASS_ALREADY_EXISTS
        assertThat(Win32Results.failure("RegisterClassEx")).isEqualTo("RegisterClassEx failed, error 1410");
        Win32Results.clearLastError();
        assertThat(com.sun.jna.Native.getLastError()).isZero();
    }

    @Test
    void theFilterCopiesTheSharedGuidInsteadOfAdoptingIt() {
        Guid.GUID shared = new Guid.GUID("{A5DCBF10-6530-11D2-901F-00C04FB951ED}");
        Pointer before = shared.getPointer();
        DeviceInterfaceFilter f = DeviceInterfaceFilter.forClass(shared);

        assertThat(f.dbcc_classguid).isNotSameAs(shared);
        assertThat(shared.getPointer()).as("the constant keeps its own memory").isEqualTo(before);
        assertThat(f.dbcc_classguid.toGuidString()).isEqualTo(shared.toGuidString());
        // The filter's own bytes carry the GUID at the field's offset.
        byte[] written = f.getPointer().getByteArray(f.offsetOf("dbcc_classguid"), 16);
        shared.write();
        assertThat(written).containsExactly(shared.getPointer().getByteArray(0, 16));
        assertThat(written[0]).as("Data1 little-endian, as Windows reads it").isEqualTo((byte) 0x10);
    }
}
