package io.keywatch.bjca;

import io.keywatch.core.XtxClient;
import io.keywatch.core.XtxException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the {@link XtxClient} for a configured bridge. {@code auto} probes, in order, the WebSocket
 * service, the HTTP {@code synctl} endpoint and (on Windows) the COM component with the harmless
 * {@code SOF_GetVersion()}, and keeps the first that answers. When none answers it returns the
 * WebSocket client: its calls report UNAVAILABLE until the service comes up, and it reconnects.
 */
public final class XtxClients {
    private static final Logger LOG = LoggerFactory.getLogger(XtxClients.class);

    /** The call timeout callers use unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
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
        String b = bridge == null ? "" : bridge.trim().toLowerCase(Locale.ROOT);
        switch (b) {
            case "websocket":
                return new WebSocketXtxClient(webSocketUrl, timeout, allowRemote);
            case "http":
                return new HttpXtxClient(synctlUrl, timeout, allowRemote);
            case "com":
                return comBridge(timeout).orElseGet(() -> new UnavailableXtxClient("com",
                        "the BJCA COM bridge is only available on Windows with the BJCA client installed"));
            case "auto":
                return probe(webSocketUrl, synctlUrl, timeout, allowRemote);
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
        return io.keywatch.bjca.com.ComXtxClient.tryOpen(timeout, XtxProtocol::parseUserList,
                XtxProtocol::parseDeviceSerials);
    }

    private static XtxClient probe(URI webSocketUrl, URI synctlUrl, Duration timeout, boolean allowRemote) {
        // Validate both URLs before probing: a refused URL must be reported, not skipped.
        BjcaEndpoint.requireWebSocket(webSocketUrl, allowRemote);
        BjcaEndpoint.requireSynctl(synctlUrl, allowRemote);
        WebSocketXtxClient webSocket = new WebSocketXtxClient(webSocketUrl, timeout, allowRemote);
        if (answers(webSocket)) {
            LOG.info("BJCA bridge: websocket at {}", webSocketUrl);
            return webSocket;
        }
        HttpXtxClient http = new HttpXtxClient(synctlUrl, timeout, allowRemote);
        if (answers(http)) {
            LOG.info("BJCA bridge: http synctl at {}", synctlUrl);
            webSocket.close();
            return http;
        }
        http.close();
        Optional<XtxClient> com = comBridge(timeout);
        if (com.isPresent() && answers(com.get())) {
            LOG.info("BJCA bridge: com");
            webSocket.close();
            return com.get();
        }
        com.ifPresent(XtxClient::close);
        LOG.warn("no BJCA bridge answers (websocket {}, http {}, com {}); using websocket and retrying",
                webSocketUrl, synctlUrl, com.isPresent() ? "no answer" : "not available");
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
