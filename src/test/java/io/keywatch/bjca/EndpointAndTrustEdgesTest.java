package io.keywatch.bjca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback rule's edges, the Origin a caller URL gives, and the TLS trust decision without a network. */
class EndpointAndTrustEdgesTest {
    /** Two self-signed certificates for 127.0.0.1 (public parts only; valid until 2126). */
    static final String CERT_A = """
            -----BEGIN CERTIFICATE-----
            MIIBhzCCASygAwIBAgIIOtE6JpkZ+U8wCgYIKoZIzj0EAwIwLjEYMBYGA1UEChMP
            S2V5V2F0Y2ggdGVzdCBhMRIwEAYDVQQDEwkxMjcuMC4wLjEwIBcNMjYxMjAyMDcw
            NjE2WhgPMjEyNjExMDgwNzA2MTZaMC4xGDAWBgNVBAoTD0tleVdhdGNoIHRlc3Qg
            YTESMBAGA1UEAxMJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
            I27BKgpLIkQxzpq2S4PFpq5V2VWnZzu2rnGjVLy5i1eWKtB7ZYMPQCPddj1FdVRM
            U9PLOZDlAHZym3G1RcLaoKMyMDAwHQYDVR0OBBYEFAcOB+gNUBvDG3CVM2UPeFEy
            wTn+MA8GA1UdEQQIMAaHBH8AAAEwCgYIKoZIzj0EAwIDSQAwRgIhAOIAahGXMKQ3
            opSDoOl5RGutXN9BDVvnNtrsedWjue8WAiEA3TgxMse/asRBaX28l+VXTo3yaMZs
            3NRD5fOGs2A3LT4=
            -----END CERTIFICATE-----
            """;
    static final String CERT_B = """
            -----BEGIN CERTIFICATE-----
            MIIBhjCCASygAwIBAgIIKldprlzXUSkwCgYIKoZIzj0EAwIwLjEYMBYGA1UEChMP
            S2V5V2F0Y2ggdGVzdCBiMRIwEAYDVQQDEwkxMjcuMC4wLjEwIBcNMjYxMjAyMDcw
            NjE2WhgPMjEyNjExMDgwNzA2MTZaMC4xGDAWBgNVBAoTD0tleVdhdGNoIHRlc3Qg
            YjESMBAGA1UEAxMJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
            zkwc0Cj+asLx3DtD1tKdaBj5NaI2PbWwLovT+eJ0Mrngrb4B3p41muWLxCstyWjb
            uPyMYKf+4t11MVbQsBlBdKMyMDAwHQYDVR0OBBYEFOWZ4G/tzZXdsWhnzNYW+l0j
            rS6iMA8GA1UdEQQIMAaHBH8AAAEwCgYIKoZIzj0EAwIDSAAwRQIhAPHkCOp9F8OW
            7LaL9K4d2c0dg2gAAjsJBzPx9ze4z2guAiBP5w/yWGvEZrpnP7BmHOYgtjXkRozC
            vrkmA/CdalCl3w==
            -----END CERTIFICATE-----
            """;

    @TempDir
    Path dir;

    static X509Certificate[] chain(String pem) throws CertificateException {
        return new X509Certificate[] {(X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))};
    }

    @Test
    void loopbackAtTheEdgesOfAnOctetAndOfIpv6() {
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://127.0.0.255:1/"))).isTrue();
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://127.255.255.254:1/"))).isTrue();
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://127.0.0.256:1/"))).as("not an address").isFalse();
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://128.0.0.1:1/"))).isFalse();
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws:/xtxapp/"))).as("no host").isFalse();
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://[::1]:1/"))).isTrue();
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://[::1%nosuchif]:1/")))
                .as("a scope no interface has is not an address").isFalse();
        assertThat(BjcaEndpoint.isLoopback(URI.create("ws://LOCALHOST.:1/"))).isTrue();
    }

    @Test
    void theOriginIsTheConfiguredOneOrTheCallersSchemeHostAndPort() {
        assertThat(new BjcaSettings("https://his.example/nurse", Optional.of("https://other:8443"), Optional.empty(),
                Optional.empty()).originHeader()).isEqualTo("https://other:8443");
        assertThat(new BjcaSettings("HTTP://his.example:0/nurse", Optional.empty(), Optional.empty(),
                Optional.empty()).originHeader()).as("port 0 is a port").isEqualTo("http://his.example:0");
        assertThat(new BjcaSettings("https://his.example/nurse", Optional.empty(), Optional.empty(),
                Optional.empty()).originHeader()).isEqualTo("https://his.example");
        assertThat(BjcaSettings.requireCallerUrl("https://his.example/a?b")).isEqualTo("https://his.example/a?b");
        assertThat(BjcaSettings.defaults().withDataDir(dir).pinFile()).contains(dir.resolve(BjcaSettings.PIN_FILE_NAME));
    }

    @Test
    void withoutPinFileTheFirstCertificateIsKeptForTheProcessAndAnotherRefused() throws Exception {
        BjcaTls.BjcaTrust trust = new BjcaTls.BjcaTrust(Optional.empty(), Optional.empty());
        trust.checkServerTrusted(chain(CERT_A), "ECDHE_ECDSA");
        trust.checkServerTrusted(chain(CERT_A), "ECDHE_ECDSA", (SSLEngine) null);
        String a = BjcaTls.fingerprint(chain(CERT_A)[0]);
        String b = BjcaTls.fingerprint(chain(CERT_B)[0]);
        assertThat(a).hasSize(64).isNotEqualTo(b);
        assertThatThrownBy(() -> trust.checkServerTrusted(chain(CERT_B), "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("the BJCA service's certificate changed while KeyWatch runs (" + b + ", first seen " + a + ")");
    }

    @Test
    void everyServerCheckRefusesAnEmptyChainAndClientChecksAreRefused() {
        BjcaTls.BjcaTrust trust = new BjcaTls.BjcaTrust(Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "RSA"))
                .hasMessage("the BJCA service presented no certificate");
        assertThatThrownBy(() -> trust.checkServerTrusted(null, "RSA", (SSLEngine) null))
                .hasMessage("the BJCA service presented no certificate");
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "RSA", (java.net.Socket) null))
                .hasMessage("the BJCA service presented no certificate");
        assertThatThrownBy(() -> trust.checkClientTrusted(chain(CERT_A), "RSA")).hasMessage("KeyWatch is never a TLS server");
        assertThatThrownBy(() -> trust.checkClientTrusted(chain(CERT_A), "RSA", (SSLEngine) null))
                .hasMessage("KeyWatch is never a TLS server");
        assertThatThrownBy(() -> trust.checkClientTrusted(chain(CERT_A), "RSA", (java.net.Socket) null))
                .hasMessage("KeyWatch is never a TLS server");
        assertThat(trust.getAcceptedIssuers()).isNotNull().isEmpty();
    }

    @Test
    void aTrustFileDecidesInsteadOfThePin() throws Exception {
        Path trustFile = Files.writeString(dir.resolve("trust.pem"), CERT_A + CERT_B);
        Path pin = dir.resolve("pin.txt");
        BjcaTls.BjcaTrust trust = new BjcaTls.BjcaTrust(Optional.of(trustFile), Optional.of(pin));
        trust.checkServerTrusted(chain(CERT_A), "ECDHE_ECDSA");
        trust.checkServerTrusted(chain(CERT_B), "ECDHE_ECDSA");
        assertThat(pin).as("a trust file never pins").doesNotExist();

        Path onlyA = Files.writeString(dir.resolve("a.pem"), CERT_A);
        assertThatThrownBy(() -> new BjcaTls.BjcaTrust(Optional.of(onlyA), Optional.empty())
                .checkServerTrusted(chain(CERT_B), "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);

        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> new BjcaTls.BjcaTrust(Optional.of(empty), Optional.empty())
                .checkServerTrusted(chain(CERT_A), "ECDHE_ECDSA"))
                .hasMessageStartingWith("cannot read BJCA's trust file " + empty + ": " + empty + " holds no certificate");
    }

    @Test
    void aRemoteServiceGetsTheJdksTrustNotThePin() throws Exception {
        assertThat(BjcaTls.context(BjcaSettings.defaults(), false)).isSameAs(SSLContext.getDefault());
        assertThat(BjcaTls.context(BjcaSettings.defaults(), true)).isNotSameAs(SSLContext.getDefault());
    }
}
