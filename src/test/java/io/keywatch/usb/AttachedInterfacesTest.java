package io.keywatch.usb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pure layout of SP_DEVICE_INTERFACE_DETAIL_DATA_W, checked on any OS. */
class AttachedInterfacesTest {

    @Test
    void cbSizeIsTheStructSizeForEachProcessWidth() {
        assertThat(AttachedInterfaces.detailCbSize(8)).as("64-bit: DWORD + WCHAR padded to 8").isEqualTo(8);
        assertThat(AttachedInterfaces.detailCbSize(4)).as("32-bit: packed, DWORD + WCHAR").isEqualTo(6);
    }

    @Test
    void readsTheNulTerminatedPathAfterCbSize() {
        String path = "\\\\?\\usb#vid_096e&pid_0303#5&1a2b&0&2#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";
        byte[] chars = path.getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer b = ByteBuffer.allocate(4 + chars.length + 2 + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8).put(chars).putShort((short) 0).put(new byte[] {'g', 0, 'a', 0, 'r', 0, 'b', 0, 'a', 0});
        assertThat(AttachedInterfaces.devicePath(b.array())).isEqualTo(path);
    }

    @Test
    void emptyOrTruncatedDetailGivesWhatIsThere() {
        assertThat(AttachedInterfaces.devicePath(new byte[4])).isEmpty();
        assertThat(AttachedInterfaces.devicePath(new byte[] {8, 0, 0, 0, 0, 0})).isEmpty();
        assertThat(AttachedInterfaces.devicePath(new byte[] {8, 0, 0, 0, 'A', 0, 'B', 0})).isEqualTo("AB");
    }
}
