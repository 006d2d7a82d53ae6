package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BjcaEndpointTest {

    @ParameterizedTest
    @ValueSource(strings = {"ws://127.0.0.1:21051/xtxapp/", "ws://127.8.9.10:1/", "ws://localhost:21051/xtxapp/",
            "ws://LOCALHOST/", "ws://[::1]:21051/xtxapp/", "wss://127.0.0.1:21061/xtxapp/",
            "ws://[0:0:0:0:0:0:0:1]:21051/"})
    void loopbackUrlsAreAccepted(String url) {
        assertThat(BjcaEndpoint.isLoopback(URI.create(url))).isTrue();
        assertThat(BjcaEndpoint.requireWebSocket(URI.create(url), false)).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://192.0.2.10:21051/xtxapp/", "ws://10.0.0.1/", "ws://128.0.0.1/",
            "ws://bjca.example.org:21051/", "ws://localhost.example.org/", "ws://127.0.0.1.example.org/",
            "ws://[2001:db8::1]/", "ws://0.0.0.0/"})
    void otherHostsAreRefusedNamingTheUrlAndWhatIsAccepted(String url) {
        assertThat(BjcaEndpoint.isLoopback(URI.create(url))).isFalse();
        assertThatThrownBy(() -> BjcaEndpoint.requireWebSocket(URI.create(url), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("127.0.0.0/8")
                .hasMessageContaining("localhost");
        assertThat(BjcaEndpoint.requireWebSocket(URI.create(url), true)).isEqualTo(URI.create(url));
    }

    @Test
    void wrongSchemesAreRefusedEvenWhenRemoteIsAllowed() {
        assertThatThrownBy(() -> BjcaEndpoint.requireWebSocket(URI.create("http://127.0.0.1:21051/synctl"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://127.0.0.1:21051/xtxapp/");
        assertThatThrownBy(() -> BjcaEndpoint.requireSynctl(URI.create("ws://127.0.0.1:21051/"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://127.0.0.1:21051/synctl");
        assertThatThrownBy(() -> BjcaEndpoint.requireSynctl(null, true)).isInstanceOf(IllegalArgumentException.class);
        // Not a host at all (java.net.URI finds no host in it).
        assertThatThrownBy(() -> BjcaEndpoint.requireWebSocket(URI.create("ws://999.0.0.1/"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("with a host");
    }

    @Test
    void synctlIsDerivedFromTheWebSocketUrl() {
        assertThat(BjcaEndpoint.synctlFor(BjcaEndpoint.DEFAULT_WEBSOCKET_URL)).isEqualTo(BjcaEndpoint.DEFAULT_SYNCTL_URL);
        assertThat(BjcaEndpoint.synctlFor(URI.create("wss://127.0.0.1:21061/xtxapp/")))
                .isEqualTo(URI.create("https://127.0.0.1:21061/synctl"));
        assertThat(BjcaEndpoint.synctlFor(URI.create("ws://[::1]:9/x")))
                .isEqualTo(URI.create("http://[::1]:9/synctl"));
    }
}
