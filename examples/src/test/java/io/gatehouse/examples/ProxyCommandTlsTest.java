package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.jetty.SelfSignedCertificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gatehouse proxy} terminating TLS: with a generated or a given certificate it answers
 * over HTTPS, the plain listener only redirects, and HSTS is sent when asked, over HTTPS only.
 */
class ProxyCommandTlsTest {

    @TempDir
    Path dir;

    private static ProxyCommand parsed(String... args) {
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static HttpClient trustingThe(ProxyCommand command) throws Exception {
        return Http.trusting(command.startupCertificate.certificate().trustStore());
    }

    @Test
    void selfSignedCertificateServesHttpsTrustedByItsOwnCertificate() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString(), "--tls-self-signed");
            try (EmbeddedServer proxy = command.start()) {
                assertEquals("https", proxy.uri().getScheme());

                HttpResponse<String> response = Http.get(trustingThe(command), URI.create(proxy.uri() + "/any/where?q=1"));

                assertEquals(200, response.statusCode());
                assertEquals(new Echo("a", "GET", "/any/where", "q=1"), Echo.parse(response.body()));
                assertFalse(response.headers().firstValue("Strict-Transport-Security").isPresent(), "no HSTS unless asked");
                assertNull(proxy.redirectUri(), "no plain listener unless asked");
            }
        }
    }

    @Test
    void selfSignedCertificateIsNewAndUntrustedByDefault() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString(), "--tls-self-signed");
            try (EmbeddedServer proxy = command.start()) {
                assertThrows(SSLHandshakeException.class, () -> Http.get(
                        Http.trusting(SelfSignedCertificate.generate("127.0.0.1").trustStore()), proxy.uri()));
            }
        }
    }

    @Test
    void plainListenerRedirectsEveryRequestToHttpsWith308() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString(),
                    "--tls-self-signed", "--http-redirect-port", "0", "--hsts");
            try (EmbeddedServer proxy = command.start()) {
                URI plain = proxy.redirectUri();
                assertNotNull(plain);

                HttpResponse<String> redirect = Http.get(URI.create(plain + "/any/where?q=1"));

                assertEquals(308, redirect.statusCode());
                assertEquals(proxy.uri() + "/any/where?q=1", redirect.headers().firstValue("Location").orElse(null));
                assertFalse(redirect.headers().firstValue("Strict-Transport-Security").isPresent(),
                        "RFC 6797 §7.2: no HSTS over plain HTTP");
                HttpResponse<String> followed = Http.get(trustingThe(command),
                        URI.create(redirect.headers().firstValue("Location").orElseThrow()));
                assertEquals(200, followed.statusCode());
                assertEquals("/any/where", Echo.parse(followed.body()).path());
            }
        }
    }

    @Test
    void hstsIsSentOnHttpsResponsesWhenAsked() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString(),
                    "--tls-self-signed", "--hsts");
            try (EmbeddedServer proxy = command.start()) {
                HttpResponse<String> response = Http.get(trustingThe(command), URI.create(proxy.uri() + "/x"));

                assertEquals(200, response.statusCode());
                assertEquals("max-age=31536000", response.headers().firstValue("Strict-Transport-Security").orElse(null));
            }
        }
    }

    @Test
    void hstsIsKeptOnTheProxysOwnErrors() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", "http://127.0.0.1:" + closedPort,
                "--tls-self-signed", "--hsts");
        try (EmbeddedServer proxy = command.start()) {
            HttpResponse<String> response = Http.get(trustingThe(command), URI.create(proxy.uri() + "/x"));

            assertEquals(502, response.statusCode());
            assertEquals("max-age=31536000", response.headers().firstValue("Strict-Transport-Security").orElse(null));
        }
    }

    @Test
    void hstsMaxAgeCanBeGiven() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString(),
                    "--tls-self-signed", "--hsts=600");
            try (EmbeddedServer proxy = command.start()) {
                HttpResponse<String> response = Http.get(trustingThe(command), URI.create(proxy.uri() + "/x"));

                assertEquals("max-age=600", response.headers().firstValue("Strict-Transport-Security").orElse(null));
            }
        }
    }

    @Test
    void ownKeyStoreServesHttps() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("127.0.0.1");
        Path keyStore = certificate.writeKeyStore(dir.resolve("site.p12"), "site-secret");
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString(),
                    "--tls-keystore", keyStore.toString(), "--tls-password", "site-secret");
            try (EmbeddedServer proxy = command.start()) {
                HttpResponse<String> response = Http.get(Http.trusting(certificate.trustStore()),
                        URI.create(proxy.uri() + "/x"));

                assertEquals(200, response.statusCode());
                assertNull(command.startupCertificate);
            }
        }
    }

    @Test
    void tlsMovesTheDefaultListenPortTo8443() {
        assertEquals(new ListenAddress("127.0.0.1", 8443),
                parsed("--to", "http://127.0.0.1:9001", "--tls-self-signed").listenAddress());
    }

    @Test
    void plainHttpStaysWithoutTlsOptions() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString());
            try (EmbeddedServer proxy = command.start()) {
                assertEquals("http", proxy.uri().getScheme());
                assertFalse(proxy.isTls());
            }
        }
    }

    @Test
    void startupCertificateNamesLoopbackAndIsDescribedWithItsFingerprint() throws IOException {
        StartupCertificate certificate = StartupCertificate.generate("192.0.2.7");

        StringWriter text = new StringWriter();
        certificate.describe(new PrintWriter(text, true));

        assertEquals(List.of("localhost", "127.0.0.1", "::1", "192.0.2.7"), certificate.certificate().names());
        assertTrue(text.toString().contains("SHA-256 fingerprint " + certificate.certificate().sha256Fingerprint()),
                text.toString());
        assertTrue(text.toString().contains("curl --cacert " + certificate.pem()), text.toString());
    }
}
