package io.keywatch.bjca;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How KeyWatch presents itself to the BJCA service, the way a page does: the {@code URL} it sends
 * (a page's {@code location.href}), the handshake's {@code Origin}, and where the TLS trust of the
 * {@code wss://}/{@code https://} service comes from (see {@link BjcaTls}).
 *
 * @param callerUrl a well-formed absolute http(s) URL
 * @param origin    the WebSocket handshake's {@code Origin}; empty: the caller URL's scheme, host and port
 * @param pinFile   where the TLS service's certificate is pinned on first use (the data folder); empty: this process only
 * @param trustFile BJCA's {@code Program\trust.pem} when known: it then decides, not the pin
 */
public record BjcaSettings(String callerUrl, Optional<String> origin, Optional<Path> pinFile, Optional<Path> trustFile) {
    /** The file name of the pin in KeyWatch's data folder. */
    public static final String PIN_FILE_NAME = "bjca-tls-pin.txt";

    public BjcaSettings {
        requireCallerUrl(callerUrl);
        Objects.requireNonNull(origin);
        Objects.requireNonNull(pinFile);
        Objects.requireNonNull(trustFile);
    }

    /** The default caller URL and origin; TLS pinned for this process only. */
    public static BjcaSettings defaults() {
        return new BjcaSettings(XtxProtocol.DEFAULT_CALLER_URL, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same settings with the pin kept in {@code dataDir}. */
    public BjcaSettings withDataDir(Path dataDir) {
        return new BjcaSettings(callerUrl, origin, Optional.of(dataDir.resolve(PIN_FILE_NAME)), trustFile);
    }

    /** The {@code Origin} header value. */
    public String originHeader() {
        if (origin.isPresent()) {
            return origin.get();
        }
        URI u = URI.create(callerUrl);
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /**
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static String requireCallerUrl(String url) {
        String accepted = "; accepted: an absolute http:// or https:// URL with a host, like "
                + XtxProtocol.DEFAULT_CALLER_URL;
        if (url == null) {
            throw new IllegalArgumentException("the BJCA caller URL is missing" + accepted);
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException("the BJCA caller URL '" + url + "' is not usable" + accepted);
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the BJCA caller URL '" + url + "' is not a URL (" + e.getReason() + ")"
                    + accepted, e);
        }
    }
}
