package io.keywatch.bjca;

import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the {@link XtxClient} for a configured bridge. {@code auto} probes, in order, the WebSocket
 * service, its TLS twin ({@code wss://127.0.0.1:21061} when the plain URL is the default one, as
 * pages served over https use it), the HTTP {@code synctl} endpoint on the WebSocket's port, its
 * {@code https} twin, and (on Windows) the COM component, with the harmless {@code SOF_GetVersion()},
 * and keeps the first that answers. TLS is only tried, and its classes only loaded, when the plain
 * service does not answer. When none answers it returns the plain WebSocket client: its calls report
 * UNAVAILABLE until the service comes up, and it reconnects.
 */
public final class XtxClients {
    private static final Logger LOG = LoggerFactory.getLogger(XtxClients.class);

    /** The call timeout callers use unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** BJCA's TLS service (pages served over https use it). */
    public static final URI DEFAULT_SECURE_WEBSOCKET_URL = URI.create("wss://127.0.0.1:21061/xtxapp/");
    public static final URI DEFAULT_SECURE_SYNCTL_URL = URI.create("https://127.0.0.1:21061/synctl");

    /** Accepted values of the bridge setting. */
    public static final List<String> BRIDGES = List.of("auto", "websocket", "http", "com");

    private XtxClients() {
    }

    /** {@link #open(String, URI, URI, Duration, boolean)} with the synctl URL derived from the WebSocket URL. */
    public static XtxClient open(String bridge, URI webSocketUrl, Duration timeout, boolean allowRemote) {
        return open(bridge, webSocketUrl, BjcaEndpoint.synctlFor(webSocketUrl), timeout, allowRemote);
    }

    /**
     * @param bridge       {@code auto}, {@code websocket}, {@code http} or {@code com}
     * @param webSocketUrl e.g. {@link BjcaEndpoint#DEFAULT_WEBSOCKET_URL}
     * @param synctlUrl    e.g. {@link BjcaEndpoint#DEFAULT_SYNCTL_URL} (the simulator serves it on its own port)
     * @param timeout      bound of every call (and of each probe)
     * @param allowRemote  accept service URLs that are not loopback
     * @throws IllegalArgumentException for an unknown bridge or a URL that is not accepted, naming what is
     */
    public static XtxClient open(String bridge, URI webSocketUrl, URI synctlUrl, Duration timeout, boolean allowRemote) {
        return open(bridge, webSocketUrl, synctlUrl, timeout, allowRemote, BjcaSettings.defaults(),
                defaultSecure(webSocketUrl, DEFAULT_SECURE_WEBSOCKET_URL), defaultSecure(webSocketUrl, DEFAULT_SECURE_SYNCTL_URL));
    }

    /** {@link #open(String, URI, URI, Duration, boolean)} with the caller URL, Origin and TLS trust of {@code settings}. */
    public static XtxClient open(String bridge, URI webSocketUrl, URI synctlUrl, Duration timeout, boolean allowRemote,
                                 BjcaSettings settings) {
        return open(bridge, webSocketUrl, synctlUrl, timeout, allowRemote, settings,
                defaultSecure(webSocketUrl, DEFAULT_SECURE_WEBSOCKET_URL), defaultSecure(webSocketUrl, DEFAULT_SECURE_SYNCTL_URL));
    }

    /**
     * @param secureWebSocketUrl the {@code wss://} service {@code auto} tries when the plain one does not answer
     * @param secureSynctlUrl    the {@code https://} synctl {@code auto} tries after the plain synctl
     */
    public static XtxClient open(String bridge, URI webSocketUrl, URI synctlUrl, Duration timeout, boolean allowRemote,
                                 BjcaSettings settings, Optional<URI> secureWebSocketUrl, Optional<URI> secureSynctlUrl) {
        String b = bridge == null ? "" : bridge.trim().toLowerCase(Locale.ROOT);
        switch (b) {
            case "websocket":
                return new WebSocketXtxClient(webSocketUrl, timeout, allowRemote, settings);
            case "http":
                return new HttpXtxClient(synctlUrl, timeout, allowRemote, settings);
            case "com":
                return comBridge(timeout).orElseGet(() -> new UnavailableXtxClient("com",
                        "the BJCA COM bridge is only available on Windows with the BJCA client installed"));
            case "auto":
                return probe(webSocketUrl, synctlUrl, timeout, allowRemote, settings, secureWebSocketUrl, secureSynctlUrl);
            default:
                throw new IllegalArgumentException("unknown BJCA bridge '" + bridge + "'; accepted: "
                        + String.join(", ", BRIDGES));
        }
    }

    /**
     * Hook for the COM/IDispatch bridge (BJCA 3.2.1 has no WebSocket service). Returns a client only
     * on Windows with {@code XTXAppCOM} registered; empty everywhere else.
     */
    static Optional<XtxClient> comBridge(Duration timeout) {
        return io.keywatch.bjca.com.ComXtxClient.tryOpen(timeout, XtxValues::parseUserList,
                XtxValues::parseDeviceSerials);
    }

    /** The TLS twin is tried only for the default service (a configured URL names its service exactly). */
    private static Optional<URI> defaultSecure(URI webSocketUrl, URI secure) {
        return BjcaEndpoint.DEFAULT_WEBSOCKET_URL.equals(webSocketUrl) ? Optional.of(secure) : Optional.empty();
    }

    private static XtxClient probe(URI webSocketUrl, URI synctlUrl, Duration timeout, boolean allowRemote,
                                   BjcaSettings settings, Optional<URI> secureWebSocketUrl, Optional<URI> secureSynctlUrl) {
        // Validate every URL before probing: a refused URL must be reported, not skipped. TLS twins are
        // loopback only, whatever allowRemote says: BJCA's own certificate is trusted on this computer only.
        BjcaEndpoint.requireWebSocket(webSocketUrl, allowRemote);
        BjcaEndpoint.requireSynctl(synctlUrl, allowRemote);
        secureWebSocketUrl.ifPresent(u -> BjcaEndpoint.requireWebSocket(u, false));
        secureSynctlUrl.ifPresent(u -> BjcaEndpoint.requireSynctl(u, false));
        WebSocketXtxClient webSocket = new WebSocketXtxClient(webSocketUrl, timeout, allowRemote, settings);
        if (answers(webSocket)) {
            LOG.info("BJCA bridge: websocket at {}", webSocketUrl);
            return webSocket;
        }
        List<Supplier<XtxClient>> others = new ArrayList<>();
        secureWebSocketUrl.ifPresent(u -> others.add(() -> new WebSocketXtxClient(u, timeout, false, settings)));
        others.add(() -> new HttpXtxClient(synctlUrl, timeout, allowRemote, settings));
        secureSynctlUrl.ifPresent(u -> others.add(() -> new HttpXtxClient(u, timeout, false, settings)));
        for (Supplier<XtxClient> next : others) {
            XtxClient candidate = next.get();
            if (answers(candidate)) {
                LOG.info("BJCA bridge: {} at {}", candidate.bridge(), candidate instanceof WebSocketXtxClient w ? w.url()
                        : ((HttpXtxClient) candidate).url());
                webSocket.close();
                return candidate;
            }
            candidate.close();
        }
        Optional<XtxClient> com = comBridge(timeout);
        if (com.isPresent() && answers(com.get())) {
            LOG.info("BJCA bridge: com");
            webSocket.close();
            return com.get();
        }
        com.ifPresent(XtxClient::close);
        LOG.warn("no BJCA bridge answers (websocket {}{}, http {}, com {}); using websocket and retrying",
                webSocketUrl, secureWebSocketUrl.map(u -> " and " + u).orElse(""), synctlUrl,
                com.isPresent() ? "no answer" : "not available");
        return webSocket;
    }

    private static boolean answers(XtxClient client) {
        try {
            client.version();
            return true;
        } catch (XtxException e) {
            LOG.debug("BJCA bridge {} does not answer: {}", client.bridge(), e.getMessage());
            return false;
        }
    }
}
