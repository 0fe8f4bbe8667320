package io.gatehouse.proxy.jetty;

import static io.gatehouse.proxy.jetty.ProxyErrorsTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.UpstreamTls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https} upstreams through a real proxy: the upstream's certificate must chain to the
 * configured trust and (unless turned off) name the host connected to; a client certificate is
 * shown when configured; SNI carries host names but never IP literals. A failed handshake is a
 * 502 problem and nothing reaches the upstream.
 */
class UpstreamTlsTest extends ProxyIntegrationTest {

    private static final String PASSWORD = "test-secret";

    @TempDir
    Path dir;

    private UpstreamTls.Builder trusting(SelfSignedCertificate certificate) throws Exception {
        Path trust = certificate.writeTrustStore(Files.createTempFile(dir, "trust", ".p12"), PASSWORD);
        return UpstreamTls.builder().trustStore(trust, PASSWORD);
    }

    private static ProxyUnderTest proxyTo(String upstream, UpstreamTls tls) throws Exception {
        return ProxyUnderTest.start("/api", ProxyConfig.builder()
                .upstreamGroup("secure", g -> g.upstream(upstream))
                .route("all", r -> r.to("secure"))
                .upstreamTls(tls)
                .build());
    }

    @Test
    void upstreamWithATrustedCertificateAnswersThroughTheProxy() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("127.0.0.1", "localhost");
        try (TlsBackend backend = TlsBackend.start(certificate);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"), trusting(certificate).build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertEquals(200, response.getStatus());
            assertEquals("tls ok", response.getContentAsString());
            assertEquals(1, backend.requestCount());
        }
    }

    @Test
    void upstreamCertificateNotInTheJvmTrustIs502Problem() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("127.0.0.1");
        try (TlsBackend backend = TlsBackend.start(certificate);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"), UpstreamTls.systemDefault())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertProblem(response, 502, "Bad Gateway", backend.port());
            assertEquals(0, backend.requestCount());
        }
    }

    @Test
    void upstreamCertificateOtherThanTheTrustedOneIs502Problem() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("127.0.0.1");
        SelfSignedCertificate impostor = SelfSignedCertificate.generate("127.0.0.1");
        try (TlsBackend backend = TlsBackend.start(impostor);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"), trusting(certificate).build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertProblem(response, 502, "Bad Gateway", backend.port());
            assertEquals(0, backend.requestCount());
        }
    }

    @Test
    void trustedCertificateForAnotherHostIs502WhileHostNamesAreVerified() throws Exception {
        SelfSignedCertificate otherHost = SelfSignedCertificate.generate("other.example");
        try (TlsBackend backend = TlsBackend.start(otherHost);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"), trusting(otherHost).build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertProblem(response, 502, "Bad Gateway", backend.port());
            assertEquals(0, backend.requestCount());
        }
    }

    @Test
    void trustedCertificateForAnotherHostIsAcceptedWhenHostNameVerificationIsOff() throws Exception {
        SelfSignedCertificate otherHost = SelfSignedCertificate.generate("other.example");
        try (TlsBackend backend = TlsBackend.start(otherHost);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"),
                     trusting(otherHost).disableHostnameVerification().build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertEquals(200, response.getStatus());
            assertEquals("tls ok", response.getContentAsString());
        }
    }

    @Test
    void upstreamRequiringAClientCertificateRefusesAProxyWithoutOne() throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.generate("127.0.0.1");
        SelfSignedCertificate proxyClient = SelfSignedCertificate.generate("gatehouse-proxy");
        try (TlsBackend backend = TlsBackend.requiringClientCertificate(server, proxyClient);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"), trusting(server).build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertProblem(response, 502, "Bad Gateway", backend.port());
            assertEquals(0, backend.requestCount());
        }
    }

    @Test
    void upstreamRequiringAClientCertificateAcceptsTheConfiguredOne() throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.generate("127.0.0.1");
        SelfSignedCertificate proxyClient = SelfSignedCertificate.generate("gatehouse-proxy");
        Path clientKeyStore = proxyClient.writeKeyStore(dir.resolve("client.p12"), PASSWORD);
        try (TlsBackend backend = TlsBackend.requiringClientCertificate(server, proxyClient);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"),
                     trusting(server).clientCertificate(clientKeyStore, PASSWORD).build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertEquals(200, response.getStatus());
            assertEquals("CN=gatehouse-proxy,O=Gatehouse self-signed", backend.take().clientSubject());
        }
    }

    @Test
    void clientCertificateWithoutATrustStoreKeepsTheJvmTrust() throws Exception {
        // Jetty alone would trust the client key store's own certificate here; the JVM's trust must apply.
        SelfSignedCertificate proxyClient = SelfSignedCertificate.generate("127.0.0.1");
        Path clientKeyStore = proxyClient.writeKeyStore(dir.resolve("client.p12"), PASSWORD);
        try (TlsBackend backend = TlsBackend.start(proxyClient);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"),
                     UpstreamTls.builder().clientCertificate(clientKeyStore, PASSWORD).build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertProblem(response, 502, "Bad Gateway", backend.port());
        }
    }

    @Test
    void upstreamAddressedByNameReceivesItAsSni() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost");
        try (TlsBackend backend = TlsBackend.start(certificate);
             ProxyUnderTest proxy = proxyTo(backend.uri("localhost"), trusting(certificate).build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertEquals(200, response.getStatus());
            assertEquals("localhost", backend.take().sniHost());
        }
    }

    @Test
    void upstreamAddressedByIpReceivesNoSni() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("127.0.0.1");
        try (TlsBackend backend = TlsBackend.start(certificate);
             ProxyUnderTest proxy = proxyTo(backend.uri("127.0.0.1"), trusting(certificate).build())) {
            ContentResponse response = client.GET(proxy.uri("/api/hello"));

            assertEquals(200, response.getStatus());
            assertNull(backend.take().sniHost(), "RFC 6066 §3: no IP literal in SNI");
        }
    }
}
