package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * HTTP/2 between clients and the {@code proxy} command and the quick start (issue 12): h2c by
 * prior knowledge (Jetty's HTTP/2 client, as gRPC and {@code curl --http2-prior-knowledge}) and by
 * {@code Upgrade: h2c} (the JDK's client) with {@code --h2c}; h2 by ALPN with TLS.
 */
class ProxyCommandHttp2Test {

    private static ProxyCommand parsed(String... args) {
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static HttpResponse<String> jdkHttp2Get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ContentResponse priorKnowledgeGet(URI uri) throws Exception {
        org.eclipse.jetty.client.HttpClient client =
                new org.eclipse.jetty.client.HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        client.start();
        try {
            return client.newRequest(uri).timeout(10, TimeUnit.SECONDS).send();
        } finally {
            client.stop();
        }
    }

    @Test
    void h2cOptionAcceptsPriorKnowledgeAndUpgrade() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString(), "--h2c");
            try (EmbeddedServer proxy = command.start()) {
                ContentResponse prior = priorKnowledgeGet(URI.create(proxy.uri() + "/x?q=1"));
                assertEquals(200, prior.getStatus());
                assertEquals(HttpVersion.HTTP_2, prior.getVersion());
                assertEquals(new Echo("a", "GET", "/x", "q=1"), Echo.parse(prior.getContentAsString()));

                HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
                // The JDK's client asks with Upgrade: h2c on the first request of a connection.
                HttpResponse<String> upgraded = jdkHttp2Get(jdk, URI.create(proxy.uri() + "/y"));
                assertEquals(200, upgraded.statusCode());
                assertEquals(HttpClient.Version.HTTP_2, upgraded.version());
                assertEquals(new Echo("a", "GET", "/y", null), Echo.parse(upgraded.body()));
            }
        }
    }

    @Test
    void withoutH2cTheUpgradeIsIgnoredAndHttp11Answers() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString());
            try (EmbeddedServer proxy = command.start()) {
                HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
                HttpResponse<String> response = jdkHttp2Get(jdk, URI.create(proxy.uri() + "/y"));
                assertEquals(200, response.statusCode());
                assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            }
        }
    }

    @Test
    void tlsOffersH2ByAlpn() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = parsed("--listen", "127.0.0.1:0", "--to", backend.uri().toString(), "--tls-self-signed");
            try (EmbeddedServer proxy = command.start()) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(command.startupCertificate.certificate().trustStore());
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, trust.getTrustManagers(), null);
                HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls).build();
                HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();

                HttpResponse<String> overH2 = jdkHttp2Get(h2, URI.create(proxy.uri() + "/z"));
                HttpResponse<String> overHttp11 = jdkHttp2Get(http11, URI.create(proxy.uri() + "/z"));

                assertEquals(200, overH2.statusCode());
                assertEquals(HttpClient.Version.HTTP_2, overH2.version());
                assertEquals(new Echo("a", "GET", "/z", null), Echo.parse(overH2.body()));
                assertEquals(HttpClient.Version.HTTP_1_1, overHttp11.version());
            }
        }
    }

    @Test
    void quickStartSpeaksH2c() throws Exception {
        try (QuickStart quickStart = QuickStart.start(0)) {
            ContentResponse response = priorKnowledgeGet(URI.create(quickStart.uri() + "/api/users/7"));
            assertEquals(200, response.getStatus());
            assertEquals(HttpVersion.HTTP_2, response.getVersion());
        }
    }
}
