package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.UpstreamTls;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstreams reached over HTTP/2: {@code h2c://} by prior knowledge, {@code h2://} by ALPN (issue 12). */
class Http2UpstreamTest {

    private static final String PASSWORD = "trust-secret";

    @TempDir
    Path dir;

    private HttpClient client;

    @BeforeEach
    void setUp() throws Exception {
        client = new HttpClient();
        client.setMaxConnectionsPerDestination(200);
        client.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.stop();
    }

    /** Answers with the protocol it was spoken to over, the method, the target and the body. */
    private static Handler echo(CountDownLatch holdUntil) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.asString(request, StandardCharsets.UTF_8, new org.eclipse.jetty.util.Promise<>() {
                    @Override
                    public void succeeded(String body) {
                        if (holdUntil != null) {
                            holdUntil.countDown();
                            try {
                                holdUntil.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        response.setStatus(200);
                        response.getHeaders().put("Content-Type", "text/plain");
                        String text = request.getConnectionMetaData().getProtocol() + " " + request.getMethod() + " "
                                + request.getHttpURI().getPathQuery() + " " + body;
                        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
                    }

                    @Override
                    public void failed(Throwable failure) {
                        callback.failed(failure);
                    }
                });
                return true;
            }
        };
    }

    private static ProxyConfig config(String upstream, UpstreamTls tls) {
        ProxyConfig.Builder builder = ProxyConfig.builder()
                .upstreamGroup("grpc", group -> group.upstream(upstream))
                .route("all", route -> route.pathPrefix("/").to("grpc"));
        if (tls != null) {
            builder.upstreamTls(tls);
        }
        return builder.build();
    }

    @Test
    void h2cUpstreamIsSpokenToOverHttp2ByPriorKnowledge() throws Exception {
        try (Http2Backend backend = Http2Backend.h2c(echo(null));
             Http2Proxy proxy = Http2Proxy.http11Only(config("h2c://127.0.0.1:" + backend.port(), null))) {
            ContentResponse get = client.newRequest(proxy.uri("/a/b?x=1%20y")).timeout(10, TimeUnit.SECONDS).send();
            ContentResponse post = client.newRequest(proxy.uri("/c")).method(HttpMethod.POST)
                    .body(new StringRequestContent("payload")).timeout(10, TimeUnit.SECONDS).send();

            assertEquals(200, get.getStatus());
            assertEquals("HTTP/2.0 GET /a/b?x=1%20y ", get.getContentAsString());
            assertEquals("HTTP/2.0 POST /c payload", post.getContentAsString());
            assertEquals(1, backend.connections());
        }
    }

    @Test
    void manyConcurrentRequestsShareFewConnections() throws Exception {
        int concurrent = 100;
        CountDownLatch allArrived = new CountDownLatch(concurrent);
        CountDownLatch warmUp = new CountDownLatch(1);
        try (Http2Backend backend = Http2Backend.h2c(new Handler.Wrapper(echo(null)) {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    return request.getHttpURI().getPath().equals("/warm") ? super.handle(request, response, callback)
                            : echo(allArrived).handle(request, response, callback);
                }
            });
             Http2Proxy proxy = Http2Proxy.http11Only(config("h2c://127.0.0.1:" + backend.port(), null))) {
            assertEquals(200, client.newRequest(proxy.uri("/warm")).timeout(10, TimeUnit.SECONDS).send().getStatus());
            warmUp.countDown();

            List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                responses.add(new CompletableResponseListener(
                        client.newRequest(proxy.uri("/n/" + i)).timeout(20, TimeUnit.SECONDS)).send());
            }
            for (int i = 0; i < concurrent; i++) {
                ContentResponse response = responses.get(i).get(20, TimeUnit.SECONDS);
                assertEquals(200, response.getStatus());
                assertEquals("HTTP/2.0 GET /n/" + i + " ", response.getContentAsString());
            }
            // All 100 were in the upstream at once (the latch), over the warm-up's one connection
            // (Jetty's default of 128 concurrent streams per connection).
            assertEquals(0, allArrived.getCount());
            assertTrue(backend.connections() <= 2, "connections: " + backend.connections());
        }
    }

    @Test
    void h2UpstreamIsSpokenToOverTlsWithAlpn() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("127.0.0.1", "localhost");
        Path trust = certificate.writeTrustStore(Files.createTempFile(dir, "trust", ".p12"), PASSWORD);
        UpstreamTls tls = UpstreamTls.builder().trustStore(trust, PASSWORD).build();
        try (Http2Backend backend = Http2Backend.h2(certificate, echo(null));
             Http2Proxy proxy = Http2Proxy.http11Only(config("h2://127.0.0.1:" + backend.port(), tls))) {
            ContentResponse response = client.newRequest(proxy.uri("/secure")).timeout(10, TimeUnit.SECONDS).send();

            assertEquals(200, response.getStatus());
            assertEquals("HTTP/2.0 GET /secure ", response.getContentAsString());
        }
    }
}
