package io.keywatch.bjca;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the BJCA service is, and the rule that it must be on this computer: a loopback address
 * (127.0.0.0/8, ::1) or the name {@code localhost}, unless configuration explicitly allows a remote
 * service. Host names other than {@code localhost} are never resolved: a name could point anywhere.
 */
public final class BjcaEndpoint {
    /** The WebSocket service of BJCA client 3.4.1 and later. */
    public static final URI DEFAULT_WEBSOCKET_URL = URI.create("ws://127.0.0.1:21051/xtxapp/");
    /** The synchronous HTTP endpoint of the same service. */
    public static final URI DEFAULT_SYNCTL_URL = URI.create("http://127.0.0.1:21051/synctl");

    static final String ACCEPTED = "a loopback address (127.0.0.0/8, ::1) or localhost";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private BjcaEndpoint() {
    }

    /** True when the URL's host is loopback by literal address or the name {@code localhost}. */
    public static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        if (IPV4.matcher(h).matches()) {
            String[] octets = h.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(octets[0]) == 127;
        }
        if (!h.contains(":")) {
            return false; // a host name: not resolved on purpose
        }
        try {
            // Brackets make the JDK parse an IPv6 literal only, never look the text up in DNS.
            return InetAddress.getByName("[" + h + "]").isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Checks a WebSocket service URL.
     *
     * @throws IllegalArgumentException naming the URL and what is accepted
     */
    public static URI requireWebSocket(URI url, boolean allowRemote) {
        return require(url, Set.of("ws", "wss"), "ws://127.0.0.1:21051/xtxapp/", allowRemote);
    }

    /**
     * Checks a {@code synctl} URL.
     *
     * @throws IllegalArgumentException naming the URL and what is accepted
     */
    public static URI requireSynctl(URI url, boolean allowRemote) {
        return require(url, Set.of("http", "https"), "http://127.0.0.1:21051/synctl", allowRemote);
    }

    /** The {@code synctl} endpoint of the service behind a WebSocket URL: same host and port, path {@code /synctl}. */
    public static URI synctlFor(URI webSocketUrl) {
        String scheme = "wss".equalsIgnoreCase(webSocketUrl.getScheme()) ? "https" : "http";
        try {
            return new URI(scheme, null, webSocketUrl.getHost(), webSocketUrl.getPort(), "/synctl", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot derive the synctl URL from " + webSocketUrl, e);
        }
    }

    private static URI require(URI url, Set<String> schemes, String example, boolean allowRemote) {
        if (url == null) {
            throw new IllegalArgumentException("BJCA service URL is missing; accepted: a URL like " + example);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("BJCA service URL " + url + " is not usable here; accepted: a URL like "
                    + example + " (scheme " + String.join(" or ", schemes.stream().sorted().toList()) + ", with a host)");
        }
        if (!allowRemote && !isLoopback(url)) {
            throw new IllegalArgumentException("BJCA service URL " + url + " is not on this computer; accepted: "
                    + ACCEPTED + ". A remote BJCA service must be allowed explicitly in the configuration.");
        }
        return url;
    }
}
