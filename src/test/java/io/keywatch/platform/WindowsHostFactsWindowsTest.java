package io.keywatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The JNA side of the Windows host facts, on a Windows runner: the TCP table names this process. */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class WindowsHostFactsWindowsTest {
    @Test
    void thePortOfAListeningSocketBelongsToThisProcess() throws Exception {
        HostFacts facts = HostFacts.forThisMachine();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(facts.portOwners(s.getLocalPort()).value().orElseThrow())
                    .extracting(HostFacts.PortOwner::pid).contains(ProcessHandle.current().pid());
        }
    }

    @Test
    void aDualStackListenerOnTheWildcardIsNamedToo() throws Exception {
        HostFacts facts = HostFacts.forThisMachine();
        try (ServerSocket s = new ServerSocket(0)) { // Java on Windows binds [::], listed only as IPv6
            assertThat(facts.portOwners(s.getLocalPort()).value().orElseThrow())
                    .extracting(HostFacts.PortOwner::pid).containsExactly(ProcessHandle.current().pid());
        }
    }

    @Test
    void theSessionAndTheSmartCardServiceAreKnown() {
        HostFacts facts = HostFacts.forThisMachine();
        assertThat(facts.remoteSession().value()).isPresent();
        assertThat(facts.serviceStart("SCardSvr").applicable()).isTrue();
    }
}
