package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.junit.jupiter.api.Test;

/**
 * The cache comes before load balancing (the order of DESIGN.md): a stored response is served
 * without picking an upstream, so it is served even when no upstream is available; and an unsafe
 * request invalidates the stored URI whichever route it took (RFC 9111 §4.4).
 */
class CacheBeforeBalancingTest extends ProxyIntegrationTest {

    @Test
    void aStoredResponseIsServedWhenNoUpstreamIsAvailable() throws Exception {
        HttpCache cache = HttpCache.builder().build();
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "stored " + seen.target())
                     .with("Cache-Control", "max-age=600"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend, cache, CachePolicy.rfc9111()))) {
            assertEquals("stored /doc", client.GET(proxy.uri("/api/doc")).getContentAsString());

            // the same cache, but a group whose balancer finds no upstream (as when every upstream is down)
            proxy.servlet().update(ProxyConfig.builder()
                    .httpCache(cache)
                    .upstreamGroup("g", g -> g.upstream(backend.uri().toString()).loadBalancer(members -> (c, r) -> null))
                    .route("all", r -> r.cache(CachePolicy.rfc9111()).to("g"))
                    .build());

            ContentResponse hit = client.GET(proxy.uri("/api/doc"));
            assertEquals(200, hit.getStatus(), hit.getContentAsString());
            assertEquals("stored /doc", hit.getContentAsString());
            assertTrue(hit.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"), hit.getHeaders().get("Cache-Status"));
            ContentResponse miss = client.GET(proxy.uri("/api/other"));
            assertEquals(503, miss.getStatus(), "a miss still needs an upstream");
            assertEquals(1, backend.requestCount());
        }
    }

    @Test
    void aPostThroughARouteWithoutCacheInvalidatesAnotherRoutesStoredCopy() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        try (Backend backend = Backend.start(seen -> seen.method().equals("GET")
                     ? Backend.Reply.text(200, "version " + gets.incrementAndGet()).with("Cache-Control", "max-age=600")
                     : Backend.Reply.text(200, "written"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .httpCache(HttpCache.builder().build())
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("reads", r -> r.pathPrefix("/items").methods("GET", "HEAD").cache(CachePolicy.rfc9111()).to("g"))
                     .route("writes", r -> r.pathPrefix("/items").methods("POST", "PUT", "DELETE").to("g"))
                     .build())) {
            String stored = client.GET(proxy.uri("/api/items/1")).getContentAsString();
            assertEquals(stored, client.GET(proxy.uri("/api/items/1")).getContentAsString(), "stored");

            ContentResponse post = client.POST(proxy.uri("/api/items/1")).body(new StringRequestContent("x")).send();
            assertEquals("written", post.getContentAsString());

            assertNotEquals(stored, client.GET(proxy.uri("/api/items/1")).getContentAsString(),
                    "the POST through the writes route invalidated the reads route's copy");
            assertEquals(2, gets.get());
        }
    }
}
