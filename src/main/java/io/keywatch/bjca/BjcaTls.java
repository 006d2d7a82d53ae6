package io.keywatch.bjca;

import io.keywatch.files.PrivateFolders;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust for BJCA's own TLS service on loopback ({@code wss://127.0.0.1:21061}, {@code https://…/synctl}).
 * The service presents BJCA's certificate, which no public CA vouches for. KeyWatch trusts:
 * <ol>
 *   <li>the install's {@code Program\trust.pem} when it is known ({@link BjcaSettings#trustFile}):
 *       the chain must lead to a certificate in it;</li>
 *   <li>otherwise the certificate seen on the first TLS connection, pinned (SHA-256) in the data
 *       folder ({@link BjcaSettings#pinFile}); a different certificate later is refused with a
 *       message naming the pin file (delete it after reinstalling BJCA).</li>
 * </ol>
 * Host names are not checked: the connection only ever goes to a loopback address (enforced by
 * {@link BjcaEndpoint}), and what matters on loopback is that the peer is the same program as before.
 * This class (and with it the TLS stack) is loaded only when a TLS URL is used.
 */
final class BjcaTls {
    private static final Logger LOG = LoggerFactory.getLogger(BjcaTls.class);

    private BjcaTls() {
    }

    /** An unconnected TLS socket for the BJCA service at a loopback ({@code loopback}) or allowed remote address. */
    static Socket socket(BjcaSettings settings, boolean loopback) throws IOException {
        return context(settings, loopback).getSocketFactory().createSocket();
    }

    /**
     * The TLS context for the BJCA service: BJCA's own certificate on loopback; for a remote service
     * (allowed explicitly by configuration) the JDK's trusted CAs and host name checks, never a pin.
     */
    static SSLContext context(BjcaSettings settings, boolean loopback) throws IOException {
        try {
            if (!loopback) {
                return SSLContext.getDefault();
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new BjcaTrust(settings.trustFile(), settings.pinFile())}, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the BJCA service: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of a certificate, hex. */
    static String fingerprint(X509Certificate cert) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot hash the BJCA service's certificate", e);
        }
    }

    /** The trust decision; only server checks are used. */
    static final class BjcaTrust extends X509ExtendedTrustManager {
        private final Optional<Path> trustFile;
        private final Optional<Path> pinFile;
        /** The pin of this process when there is no pin file. */
        private volatile String memoryPin;

        BjcaTrust(Optional<Path> trustFile, Optional<Path> pinFile) {
            this.trustFile = trustFile;
            this.pinFile = pinFile;
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the BJCA service presented no certificate");
            }
            if (trustFile.isPresent() && Files.isRegularFile(trustFile.get())) {
                fromTrustFile(trustFile.get()).checkServerTrusted(chain, authType);
                return;
            }
            String seen = fingerprint(chain[0]);
            if (pinFile.isEmpty()) {
                synchronized (this) {
                    if (memoryPin == null) {
                        memoryPin = seen;
                    }
                }
                if (!memoryPin.equals(seen)) {
                    throw new CertificateException("the BJCA service's certificate changed while KeyWatch runs ("
                            + seen + ", first seen " + memoryPin + ")");
                }
                return;
            }
            Path pin = pinFile.get();
            synchronized (BjcaTls.class) {
                try {
                    if (Files.isRegularFile(pin)) {
                        String pinned = Files.readString(pin, StandardCharsets.US_ASCII).strip();
                        if (!pinned.equalsIgnoreCase(seen)) {
                            throw new CertificateException("the BJCA service's certificate (SHA-256 " + seen
                                    + ") is not the one pinned on first use in " + pin + " (" + pinned
                                    + "); after reinstalling BJCA, delete that file");
                        }
                        return;
                    }
                    PrivateFolders.create(pin.toAbsolutePath().getParent()); // KeyWatch's data folder
                    Path tmp = pin.resolveSibling(pin.getFileName() + ".tmp");
                    Files.writeString(tmp, seen + "\n", StandardCharsets.US_ASCII);
                    Files.move(tmp, pin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    LOG.info("pinned the BJCA TLS service's certificate (SHA-256 {}) in {}", seen, pin);
                } catch (IOException e) {
                    throw new CertificateException("cannot read or write the BJCA TLS pin " + pin + ": " + e, e);
                }
            }
        }

        private static X509TrustManager fromTrustFile(Path file) throws CertificateException {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                int i = 0;
                for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    anchors.setCertificateEntry("bjca-" + i++, c);
                }
                if (i == 0) {
                    throw new CertificateException(file + " holds no certificate");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(anchors);
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        return x;
                    }
                }
                throw new CertificateException("no X.509 trust manager for " + file);
            } catch (IOException | GeneralSecurityException e) {
                throw new CertificateException("cannot read BJCA's trust file " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("KeyWatch is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("KeyWatch is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("KeyWatch is never a TLS server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
