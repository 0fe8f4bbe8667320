package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * The headers the proxy sets itself cannot be stripped or forged: not by a client naming them
 * in {@code Connection} (RFC 9110 §7.6.1 lets a sender mark any header hop-by-hop), not by an
 * upstream doing the same on the response. The request id is kept from trusted peers,
 * generated otherwise, and reaches both the upstream and the client.
 */
class ProxyOwnHeadersTest extends ProxyIntegrationTest {

    /** Request ids {@code id-1}, {@code id-2}... */
    private static Supplier<String> ids() {
        AtomicInteger next = new AtomicInteger();
        return () -> "id-" + next.incrementAndGet();
    }

    private static ProxyConfig.Builder config(String upstream) {
        return ProxyConfig.builder()
                .requestIds(ids())
                .upstreamGroup("g", g -> g.upstream(upstream))
                .route("all", r -> r.to("g"));
    }

    @Test
    void connectionCannotStripOrForgeTheProxysRequestHeaders() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend.uri().toString()).build())) {
            String response = RawHttp.exchange(proxy.port(), "GET /api/x HTTP/1.1\r\nHost: public.example\r\n"
                    + "Connection: close, X-Forwarded-For, Forwarded, Via, X-Forwarded-Host, X-Forwarded-Proto,"
                    + " X-Forwarded-Port, X-Forwarded-Prefix, X-Request-Id\r\n"
                    + "X-Forwarded-For: 10.0.0.1\r\nForwarded: for=10.0.0.1\r\nVia: 1.1 forged\r\n"
                    + "X-Forwarded-Host: forged.example\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 1\r\n"
                    + "X-Forwarded-Prefix: /forged\r\nX-Request-Id: forged-id\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            Backend.Seen seen = backend.take();
            assertEquals("127.0.0.1", seen.header("X-Forwarded-For"));
            assertEquals("for=127.0.0.1;host=public.example;proto=http", seen.header("Forwarded"));
            assertEquals("1.1 gatehouse", seen.header("Via"));
            assertEquals("public.example", seen.header("X-Forwarded-Host"));
            assertEquals("http", seen.header("X-Forwarded-Proto"));
            assertEquals("80", seen.header("X-Forwarded-Port"), "the port of the Host the client named");
            assertEquals("/api", seen.header("X-Forwarded-Prefix"));
            assertEquals("id-1", seen.header("X-Request-Id"));
            assertTrue(RawHttp.head(response).contains("\r\nX-Request-Id: id-1"), response);
        }
    }

    @Test
    void anUpstreamsConnectionCannotStripTheProxysResponseHeaders() throws Exception {
        try (RawBackend upstream = RawBackend.answering("HTTP/1.1 200 OK\r\n"
                + "Connection: close, X-Request-Id, RateLimit-Policy, RateLimit, Via\r\n"
                + "X-Request-Id: upstream-forged\r\nRateLimit-Policy: \"forged\";q=1000000;w=1\r\n"
                + "RateLimit: \"forged\";r=999999;t=1\r\nVia: 1.1 backend\r\nContent-Length: 2\r\n\r\nok");
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .requestIds(ids())
                     .upstreamGroup("g", g -> g.upstream(upstream.uri()))
                     .route("all", r -> r.rateLimit(RateLimiters.tokenBucket(Quota.perMinute(60)).build()).to("g"))
                     .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/x"));
            assertEquals(200, response.getStatus());
            assertEquals("ok", response.getContentAsString());
            assertEquals("id-1", response.getHeaders().get("X-Request-Id"));
            assertEquals("\"default\";q=60;w=60", response.getHeaders().get("RateLimit-Policy"));
            assertEquals("\"default\";r=59;t=1", response.getHeaders().get("RateLimit"));
            assertEquals("1.1 gatehouse", response.getHeaders().get("Via"));
            assertTrue(upstream.takeHead().contains("\r\nX-Request-Id: id-1\r\n"));
        }
    }

    @Test
    void requestIdFromAnUntrustedClientIsReplacedAndTheNewOneGoesBothWays() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend.uri().toString()).build())) {
            ContentResponse response = client.newRequest(proxy.uri("/api/x"))
                    .headers(h -> h.put("X-Request-Id", "chosen-by-client")).send();
            String upstreamSaw = backend.take().header("X-Request-Id");
            assertEquals("id-1", upstreamSaw);
            assertEquals(upstreamSaw, response.getHeaders().get("X-Request-Id"));
        }
    }

    @Test
    void requestIdFromATrustedProxyIsKeptUnlessItCouldSplitAHeader() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(config(backend.uri().toString()).trustedProxies("127.0.0.1").build())) {
            ContentResponse kept = client.newRequest(proxy.uri("/api/x"))
                    .headers(h -> h.put("X-Request-Id", "lb-7f3a9c")).send();
            assertEquals("lb-7f3a9c", backend.take().header("X-Request-Id"));
            assertEquals("lb-7f3a9c", kept.getHeaders().get("X-Request-Id"));

            ContentResponse replaced = client.newRequest(proxy.uri("/api/x"))
                    .headers(h -> h.put("X-Request-Id", "a,b;c=\"d\"")).send();
            assertEquals("id-1", backend.take().header("X-Request-Id"));
            assertEquals("id-1", replaced.getHeaders().get("X-Request-Id"));

            ContentResponse tooLong = client.newRequest(proxy.uri("/api/x"))
                    .headers(h -> h.put("X-Request-Id", "x".repeat(129))).send();
            assertEquals("id-2", backend.take().header("X-Request-Id"));
            assertEquals("id-2", tooLong.getHeaders().get("X-Request-Id"));
        }
    }

    @Test
    void theProxysOwnErrorsCarryTheRequestId() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .requestIds(ids())
                     .deny("203.0.113.0/24")
                     .trustedProxies("127.0.0.1")
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .upstreamGroup("down", g -> g.upstream("http://127.0.0.1:1"))
                     .route("all", r -> r.pathPrefix("/ok").to("g"))
                     .route("down", r -> r.pathPrefix("/down").to("down"))
                     .build())) {
            ContentResponse forbidden = client.newRequest(proxy.uri("/api/ok"))
                    .headers(h -> h.put("X-Forwarded-For", "203.0.113.9")).send();
            assertEquals(403, forbidden.getStatus());
            assertEquals("id-1", forbidden.getHeaders().get("X-Request-Id"));
            ContentResponse noRoute = client.GET(proxy.uri("/api/elsewhere"));
            assertEquals(404, noRoute.getStatus());
            assertEquals("id-2", noRoute.getHeaders().get("X-Request-Id"));
            ContentResponse badGateway = client.GET(proxy.uri("/api/down"));
            assertEquals(502, badGateway.getStatus());
            assertEquals("id-3", badGateway.getHeaders().get("X-Request-Id"));
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void generatedIdsDifferFromRequestToRequest() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            String first = client.GET(proxy.uri("/api/x")).getHeaders().get("X-Request-Id");
            String second = client.GET(proxy.uri("/api/x")).getHeaders().get("X-Request-Id");
            assertTrue(first != null && first.matches("[0-9a-z]{26}"), first);
            assertNotEquals(first, second);
            assertEquals(first, backend.take().header("X-Request-Id"));
        }
    }
}
