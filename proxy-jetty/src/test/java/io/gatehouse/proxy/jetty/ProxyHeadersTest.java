package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.ProxyConfig;
import org.junit.jupiter.api.Test;

/** RFC 7239 {@code Forwarded}, {@code X-Forwarded-*} and {@code Via} on the proxy-to-server request; {@code Host}. */
class ProxyHeadersTest extends ProxyIntegrationTest {

    @Test
    void forwardedHeadersAreAddedAndAppendedToWhatATrustedProxySent() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder().trustedProxies("127.0.0.1")
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            client.newRequest(proxy.uri("/api/users/1"))
                    .headers(h -> h.put("X-Forwarded-For", "203.0.113.9")
                            .put("Forwarded", "for=203.0.113.9")
                            .put("Via", "1.0 edge")
                            .put("X-Forwarded-Host", "forged.example")
                            .put("X-Forwarded-Proto", "https")
                            .put("X-Forwarded-Prefix", "/forged"))
                    .send();
            Backend.Seen seen = backend.take();
            String hostAndPort = "127.0.0.1:" + proxy.port();
            assertEquals("203.0.113.9, 127.0.0.1", seen.header("X-Forwarded-For"));
            assertEquals("for=203.0.113.9, for=127.0.0.1;host=\"" + hostAndPort + "\";proto=http", seen.header("Forwarded"));
            assertEquals("1.0 edge, 1.1 gatehouse", seen.header("Via"));
            assertEquals(hostAndPort, seen.header("X-Forwarded-Host"));
            assertEquals("http", seen.header("X-Forwarded-Proto"));
            assertEquals(String.valueOf(proxy.port()), seen.header("X-Forwarded-Port"));
            assertEquals("/api", seen.header("X-Forwarded-Prefix"));
        }
    }

    @Test
    void strippedRoutePrefixIsPartOfTheForwardedPrefix() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("users", r -> r.pathPrefix("/users").stripPrefix().to("g"))
                     .build())) {
            client.GET(proxy.uri("/api/users/1"));
            Backend.Seen seen = backend.take();
            assertEquals("/1", seen.target());
            assertEquals("/api/users", seen.header("X-Forwarded-Prefix"));
        }
    }

    @Test
    void upstreamSeesItsOwnHostByDefault() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, false))) {
            client.newRequest(proxy.uri("/api/x")).headers(h -> h.put("Host", "public.example")).send();
            assertEquals("127.0.0.1:" + backend.port(), backend.take().header("Host"));
        }
    }

    @Test
    void upstreamSeesTheClientsHostWhenTheRoutePreservesIt() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, true))) {
            client.newRequest(proxy.uri("/api/x")).headers(h -> h.put("Host", "public.example")).send();
            Backend.Seen seen = backend.take();
            assertEquals("public.example", seen.header("Host"));
            assertEquals("public.example", seen.header("X-Forwarded-Host"));
        }
    }

    @Test
    void proxyAddsNoUserAgentOfItsOwn() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, false))) {
            RawHttp.exchange(proxy.port(), "GET /api/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertNull(backend.take().header("User-Agent"));
        }
    }

    private static ProxyConfig config(Backend backend, boolean preserveHost) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("all", r -> r.preserveHost(preserveHost).to("g"))
                .build();
    }
}
