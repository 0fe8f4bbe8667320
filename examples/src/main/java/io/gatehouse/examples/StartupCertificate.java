package io.gatehouse.examples;

import io.gatehouse.proxy.jetty.SelfSignedCertificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A self-signed certificate made at start-up for {@code --tls-self-signed}: its key store (with a
 * random password) and its PEM are written to a new temporary directory, readable by the user
 * only, and deleted when the JVM exits. For trying TLS out, not for production.
 */
final class StartupCertificate {

    private static final String KEY_STORE = "gatehouse.p12";
    private static final String PEM = "gatehouse.pem";

    private final SelfSignedCertificate certificate;
    private final Path keyStore;
    private final Path pem;
    private final String password;

    private StartupCertificate(SelfSignedCertificate certificate, Path keyStore, Path pem, String password) {
        this.certificate = certificate;
        this.keyStore = keyStore;
        this.pem = pem;
        this.password = password;
    }

    /**
     * Generates a certificate for {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the listen
     * host (unless it is a wildcard address) and writes it out.
     */
    static StartupCertificate generate(String listenHost) throws IOException {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        if (!listenHost.equals("0.0.0.0") && !listenHost.equals("::") && !listenHost.isEmpty()) {
            names.add(listenHost);
        }
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(names.toArray(String[]::new));
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Path dir = Files.createTempDirectory("gatehouse-tls-");
        dir.toFile().deleteOnExit();
        Path keyStore = certificate.writeKeyStore(dir.resolve(KEY_STORE), password);
        keyStore.toFile().deleteOnExit();
        Path pem = certificate.writePem(dir.resolve(PEM));
        pem.toFile().deleteOnExit();
        return new StartupCertificate(certificate, keyStore, pem, password);
    }

    /** TLS with this certificate, for any {@code Host} (clients reach a laptop by many names). */
    ServerTls tls() {
        return ServerTls.keyStore(keyStore, password).withoutSniHostCheck();
    }

    /** The generated certificate. */
    SelfSignedCertificate certificate() {
        return certificate;
    }

    /** The certificate in PEM, for {@code curl --cacert}. */
    Path pem() {
        return pem;
    }

    /** Says what the certificate is and how to trust it. */
    void describe(PrintWriter out) {
        out.println("TLS: self-signed certificate for " + String.join(", ", certificate.names())
                + " (for trying out, not for production)");
        out.println("  SHA-256 fingerprint " + certificate.sha256Fingerprint());
        out.println("  certificate (PEM)   " + pem + "  (curl --cacert " + pem + " ...)");
    }
}
