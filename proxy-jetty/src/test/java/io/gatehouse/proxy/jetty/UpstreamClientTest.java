package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.jetty.forward.InterimResponses;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpCookieStore;
import org.junit.jupiter.api.Test;

/**
 * The proxy's own client (ADR 0011): every setting a reverse proxy needs, set explicitly, and on
 * the wire a redirect is relayed rather than followed and a cookie is never kept for the next
 * client.
 */
class UpstreamClientTest extends ProxyIntegrationTest {

    @Test
    void everySettingIsExplicit() throws Exception {
        try (Backend backend = Backend.ok("x");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .maxConnectionsPerUpstream(7)
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("r", r -> r.to("g"))
                     .build())) {
            HttpClient upstream = proxy.servlet().upstreamClient();
            assertTrue(upstream.isStarted());
            assertFalse(upstream.isFollowRedirects());
            assertInstanceOf(HttpCookieStore.Empty.class, upstream.getHttpCookieStore());
            assertNull(upstream.getUserAgentField());
            assertTrue(upstream.getContentDecoderFactories().isEmpty(), "a proxy's client must not decode gzip");
            String handlers = upstream.getProtocolHandlers().dump();
            assertTrue(handlers.contains("InterimResponses"), handlers);
            assertTrue(handlers.contains("ContinueProtocolHandler"), handlers);
            assertFalse(handlers.contains("Redirect"), handlers);
            assertFalse(handlers.contains("Authentication"), handlers);
            assertTrue(handlers.contains("UpgradeProtocolHandler"), "101 to the WebSocket bridge: " + handlers);
            assertTrue(((HttpClientTransportOverHTTP) upstream.getHttpClientTransport()).isHeaderCacheCaseSensitive());
            assertEquals(7, upstream.getMaxConnectionsPerDestination());
            assertSame(ServletContextHandler.getServletContextHandler(proxy.servlet().getServletContext())
                    .getServer().getThreadPool(), upstream.getExecutor(), "runs on the server's thread pool");
        }
    }

    @Test
    void aRedirectIsRelayedNotFollowed() throws Exception {
        try (Backend backend = Backend.start(seen -> seen.target().startsWith("/old")
                     ? Backend.Reply.text(302, "moved").with("Location", "/new")
                     : Backend.Reply.text(200, "followed"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("r", r -> r.to("g"))
                     .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/old"));

            assertEquals(302, response.getStatus());
            assertEquals("moved", response.getContentAsString());
            assertEquals(1, backend.requestCount(), "the proxy did not follow the redirect itself");
        }
    }

    @Test
    void aCookieSetByTheUpstreamIsNeverSentOnAnotherClientsRequest() throws Exception {
        List<String> cookies = new CopyOnWriteArrayList<>();
        HttpClient browser = new HttpClient();
        browser.setHttpCookieStore(new HttpCookieStore.Empty());
        browser.start();
        try (Backend backend = Backend.start(seen -> {
                 cookies.add(String.valueOf(seen.header("Cookie")));
                 return Backend.Reply.text(200, "hi").with("Set-Cookie", "session=secret; Path=/");
             });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("r", r -> r.to("g"))
                     .build())) {
            ContentResponse first = browser.GET(proxy.uri("/api/login"));
            assertEquals("session=secret; Path=/", first.getHeaders().get("Set-Cookie"), "relayed to its client");
            browser.GET(proxy.uri("/api/other"));

            assertEquals(List.of("null", "null"), cookies, "the proxy's client kept no cookie");
        } finally {
            browser.stop();
        }
    }
}
