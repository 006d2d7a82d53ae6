package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcHostFactsTest {
    static final String TABLE = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:521B 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123456 1 0
               1: 0100007F:521B 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 999 1 0
               2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0
               3: garbage
               4: 0100007F:ZZZZ 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 5 1 0
            """;

    @Test
    void onlyListeningSocketsOnThePortCount() {
        assertThat(ProcHostFacts.listeningInodes(TABLE, 21019)).containsExactly(123456L);
        assertThat(ProcHostFacts.listeningInodes(TABLE, 22)).containsExactly(777L);
        assertThat(ProcHostFacts.listeningInodes(TABLE, 21051)).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void findsThisProcessListeningOnAPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HostFacts.Fact<List<HostFacts.PortOwner>> owners = new ProcHostFacts().portOwners(s.getLocalPort());
            assertThat(owners.value().orElseThrow()).extracting(HostFacts.PortOwner::pid)
                    .containsExactly(ProcessHandle.current().pid());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFreePortHasNoOwner() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(new ProcHostFacts().portOwners(port).value().orElseThrow()).isEmpty();
    }

    @Test
    void withoutProcNothingApplies(@TempDir Path empty) {
        ProcHostFacts facts = new ProcHostFacts(empty);
        assertThat(facts.portOwners(21051).applicable()).isFalse();
        assertThat(facts.remoteSession().applicable()).isFalse();
        assertThat(facts.bjcaInstall().applicable()).isFalse();
        assertThat(facts.bjcaComRegistration().applicable()).isFalse();
    }
}
