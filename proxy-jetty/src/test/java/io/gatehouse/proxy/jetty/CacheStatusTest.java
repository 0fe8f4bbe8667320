package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

/**
 * The {@code Cache-Status} field (RFC 9211) of every response that went through the cache, with
 * the cache's configured name: hit, {@code fwd=uri-miss / vary-miss / stale / request / method},
 * {@code fwd-status}, {@code stored}, {@code ttl}; after the members of caches nearer the origin;
 * none on routes that do not cache.
 */
class CacheStatusTest extends ProxyIntegrationTest {

    @Test
    void everyWayThroughTheCacheIsNamedWithTheCachesName() throws Exception {
        MutableClock clock = new MutableClock();
        HttpCache cache = HttpCache.builder().name("edge-1").clock(clock).build();
        try (Backend backend = CachingProxies.backend(clock, seen -> "\"e\"".equals(seen.header("If-None-Match"))
                ? new Backend.Reply(304, Map.of("ETag", "\"e\"", "Cache-Control", "max-age=30"), new byte[0])
                : Backend.Reply.text(200, "ok").with("ETag", "\"e\"").with("Cache-Control", "max-age=30")
                        .with("Vary", "Accept-Language"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend, cache, CachePolicy.rfc9111()))) {
            assertEquals("edge-1; fwd=uri-miss; stored; ttl=30", status(proxy, HttpMethod.GET, null, null));
            assertEquals("edge-1; hit; ttl=30", status(proxy, HttpMethod.GET, null, null));
            assertEquals("edge-1; fwd=vary-miss; stored; ttl=30", status(proxy, HttpMethod.GET, "Accept-Language", "fr"));
            clock.advance(Duration.ofSeconds(10));
            assertEquals("edge-1; hit; ttl=20", status(proxy, HttpMethod.GET, null, null));
            assertEquals("edge-1; fwd=request; fwd-status=304; ttl=30", status(proxy, HttpMethod.GET, "Cache-Control", "max-age=5"));
            clock.advance(Duration.ofSeconds(40));
            assertEquals("edge-1; fwd=stale; fwd-status=304; ttl=30", status(proxy, HttpMethod.GET, null, null));
            assertEquals("edge-1; fwd=method", status(proxy, HttpMethod.POST, null, null));
            assertEquals("edge-1; fwd=uri-miss; stored; ttl=30", status(proxy, HttpMethod.GET, null, null),
                    "the POST invalidated the entry");
        }
    }

    @Test
    void ourMemberComesAfterThoseOfCachesNearerTheOrigin() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> Backend.Reply.text(200, "ok").with("Cache-Control", "max-age=30")
                .with("Cache-Status", "origin-cache; hit"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            ContentResponse miss = client.GET(proxy.uri("/api/x"));
            assertEquals(java.util.List.of("origin-cache; hit", "gatehouse; fwd=uri-miss; stored; ttl=30"), members(miss));
            ContentResponse hit = client.GET(proxy.uri("/api/x"));
            assertEquals(java.util.List.of("origin-cache; hit", "gatehouse; hit; ttl=30"), members(hit));
        }
    }

    @Test
    void routesThatDoNotCacheAddNoCacheStatus() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "ok").with("Cache-Control", "max-age=30"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .httpCache(HttpCache.builder().build())
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("plain", r -> r.to("g"))
                     .build())) {
            client.GET(proxy.uri("/api/x"));
            ContentResponse again = client.GET(proxy.uri("/api/x"));
            assertNull(again.getHeaders().get("Cache-Status"));
            assertEquals(2, backend.requestCount());
        }
    }

    /** The list members of every Cache-Status line, in order (RFC 9211 §2: one per cache). */
    private static java.util.List<String> members(ContentResponse response) {
        java.util.List<String> members = new java.util.ArrayList<>();
        for (String line : response.getHeaders().getValuesList("Cache-Status")) {
            for (String member : line.split(",")) {
                members.add(member.trim());
            }
        }
        return members;
    }

    private static String status(ProxyUnderTest proxy, HttpMethod method, String header, String value) throws Exception {
        ContentResponse response = client.newRequest(proxy.uri("/api/s")).method(method)
                .headers(h -> {
                    if (header != null) {
                        h.put(header, value);
                    }
                })
                .body(method == HttpMethod.POST ? new StringRequestContent("x") : null)
                .send();
        return response.getHeaders().get("Cache-Status");
    }
}
