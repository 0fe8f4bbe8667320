package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpstreamTls} validation: each store must exist, open with its password and hold what it
 * is for; host names are verified unless explicitly turned off. (Handshakes with these settings
 * are tested in proxy-jetty's {@code UpstreamTlsTest}.)
 */
class UpstreamTlsTest {

    /** A self-signed certificate (CN=fixture.example), only ever loaded, never used for a handshake. */
    private static final String FIXTURE_CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIBTTCB9KADAgECAgkAq9QPTov4eeQwCgYIKoZIzj0EAwIwGjEYMBYGA1UEAxMP
            Zml4dHVyZS5leGFtcGxlMCAXDTI2MTEyMzE5MjEwM1oYDzIxMjYxMDMwMTkyMTAz
            WjAaMRgwFgYDVQQDEw9maXh0dXJlLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjO
            PQMBBwNCAATxhrVqh8VHa9LxH/Wyc7xEENMPWRJL+KVhjB8aIk1YpQyfveqlxO/M
            sxW2WVWByBQV6e68HnjCstp/B01V3DcZoyEwHzAdBgNVHQ4EFgQUil0aT2CGo8Pk
            9jvgFAXLlRbofWkwCgYIKoZIzj0EAwIDSAAwRQIhAJFkLWmeFkifHLI1SEOefDw5
            BY6rMsMQIxvmhmy6CedAAiBCDrDzgsKa59WC4UfdXoWStH8nC67D85XrUaobJd/X
            6w==
            -----END CERTIFICATE-----
            """;

    @TempDir
    Path dir;

    private Path store(String name, String password, boolean withCertificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        if (withCertificate) {
            store.setCertificateEntry("fixture", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(FIXTURE_CERTIFICATE.getBytes(StandardCharsets.US_ASCII))));
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static List<String> problemsOf(UpstreamTls.Builder builder) {
        return assertThrows(ProxyConfigException.class, builder::build).problems();
    }

    @Test
    void withoutSettingsTheJvmTrustAppliesAndHostNamesAreVerified() {
        UpstreamTls tls = ProxyConfig.builder().build().upstreamTls();

        assertSame(UpstreamTls.systemDefault(), tls);
        assertNull(tls.trustStore());
        assertNull(tls.keyStore());
        assertTrue(tls.hostnameVerification());
        assertTrue(UpstreamTls.builder().build().hostnameVerification());
    }

    @Test
    void trustStoreWithACertificateIsAcceptedAsPkcs12ByDefault() throws Exception {
        Path trust = store("trust.p12", "s3cret", true);

        UpstreamTls tls = UpstreamTls.builder().trustStore(trust, "s3cret").build();

        assertEquals(trust, tls.trustStore());
        assertEquals("s3cret", tls.trustStorePassword());
        assertEquals("PKCS12", tls.trustStoreType());
        assertTrue(tls.hostnameVerification());
        assertSame(tls, ProxyConfig.builder().upstreamTls(tls).build().upstreamTls());
    }

    @Test
    void hostnameVerificationIsOffOnlyWhenSaidSo() {
        assertFalse(UpstreamTls.builder().disableHostnameVerification().build().hostnameVerification());
    }

    @Test
    void missingTrustStoreNamesThePath() {
        Path missing = dir.resolve("nope.p12");

        assertEquals(List.of("upstreamTls trustStore: '" + missing + "' is not a readable file"
                + " (expected: a PKCS12 key store; check the path)"),
                problemsOf(UpstreamTls.builder().trustStore(missing, "x")));
    }

    @Test
    void wrongPasswordSaysToCheckThePasswordAndType() throws Exception {
        Path trust = store("trust.p12", "right", true);

        List<String> problems = problemsOf(UpstreamTls.builder().trustStore(trust, "wrong"));

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("upstreamTls trustStore: '" + trust + "' cannot be opened as PKCS12"
                + " with the password given ("), problems.get(0));
        assertTrue(problems.get(0).endsWith("); check the password and the type"), problems.get(0));
    }

    @Test
    void unknownStoreTypeIsRejected() throws Exception {
        Path trust = store("trust.p12", "s3cret", true);

        assertEquals(List.of("upstreamTls trustStore: type 'PKSC12' is unknown to this JVM (expected: PKCS12 or JKS)"),
                problemsOf(UpstreamTls.builder().trustStore(trust, "s3cret", "PKSC12")));
    }

    @Test
    void emptyTrustStoreIsRejected() throws Exception {
        Path empty = store("empty.p12", "s3cret", false);

        assertEquals(List.of("upstreamTls trustStore: '" + empty + "' holds no certificate"
                + " (expected: the certificates of the upstreams or of their CA)"),
                problemsOf(UpstreamTls.builder().trustStore(empty, "s3cret")));
    }

    @Test
    void clientCertificateStoreWithoutAPrivateKeyIsRejectedTogetherWithOtherProblems() throws Exception {
        Path certificateOnly = store("client.p12", "s3cret", true);
        Path missing = dir.resolve("nope.p12");

        assertEquals(List.of(
                "upstreamTls trustStore: '" + missing + "' is not a readable file (expected: a PKCS12 key store; check the path)",
                "upstreamTls clientCertificate: '" + certificateOnly + "' holds no private key with a certificate"
                        + " (expected: the client's key and certificate chain)"),
                problemsOf(UpstreamTls.builder().trustStore(missing, "x").clientCertificate(certificateOnly, "s3cret")));
    }

    @Test
    void toStringNeverShowsThePasswords() throws Exception {
        Path trust = store("trust.p12", "s3cret-value", true);

        String text = UpstreamTls.builder().trustStore(trust, "s3cret-value").build().toString();

        assertFalse(text.contains("s3cret-value"), text);
        assertTrue(text.contains(trust.toString()), text);
    }
}
