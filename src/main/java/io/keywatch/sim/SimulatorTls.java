package io.keywatch.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The simulator's TLS identity: a self-signed certificate for 127.0.0.1, made the first time it is
 * needed with the JDK's {@code keytool} (the JDK has no public API to make a certificate, and a
 * private key committed to the repository would be one more secret to explain). Only a simulator
 * asked for a TLS port loads any of this.
 */
final class SimulatorTls implements AutoCloseable {
    private static final char[] PASSWORD = "bjca-sim".toCharArray();

    private Path folder;
    private SSLContext context;
    private String pem;

    /** A TLS server socket (unbound) with the simulator's certificate. */
    synchronized ServerSocket serverSocket() throws IOException {
        ensure();
        return context.getServerSocketFactory().createServerSocket();
    }

    synchronized String certificatePem() {
        try {
            ensure();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pem;
    }

    private void ensure() throws IOException {
        if (context != null) {
            return;
        }
        folder = Files.createTempDirectory("keywatch-sim-tls");
        Path store = folder.resolve("sim.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "bjca-sim", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1, O=KeyWatch BJCA simulator",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "3650", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("keytool.log").toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool could not make the simulator's certificate: "
                        + Files.readString(folder.resolve("keytool.log")).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while making the simulator's certificate", e);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD);
            Certificate cert = keys.getCertificate("bjca-sim");
            pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            context = ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the simulator's certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (folder == null) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
