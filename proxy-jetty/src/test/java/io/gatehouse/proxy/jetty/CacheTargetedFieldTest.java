package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * A targeted cache-control field of the user's choosing (RFC 9213 §2.2), e.g.
 * {@code Gatehouse-Cache-Control}: it decides for this proxy before {@code CDN-Cache-Control}
 * and {@code Cache-Control}, and it stops at the proxy.
 */
class CacheTargetedFieldTest extends ProxyIntegrationTest {

    @Test
    void theProxysOwnFieldDecidesAndIsNotPassedOn() throws Exception {
        AtomicInteger n = new AtomicInteger();
        CachePolicy policy = CachePolicy.builder().targetedFields("Gatehouse-Cache-Control", "CDN-Cache-Control").build();
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "#" + n.incrementAndGet())
                .with("Cache-Control", "no-store").with("CDN-Cache-Control", "no-store")
                .with("Gatehouse-Cache-Control", "max-age=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend.uri().toString(),
                     HttpCache.builder().build(), policy, b -> { }))) {
            ContentResponse miss = client.GET(proxy.uri("/api/r"));
            assertNull(miss.getHeaders().get("Gatehouse-Cache-Control"));
            ContentResponse hit = client.GET(proxy.uri("/api/r"));
            assertEquals("#1", hit.getContentAsString());
            assertNull(hit.getHeaders().get("Gatehouse-Cache-Control"));
            assertEquals("no-store", hit.getHeaders().get("Cache-Control"));
            assertEquals("no-store", hit.getHeaders().get("CDN-Cache-Control"));
            assertEquals(1, backend.requestCount());
        }
    }
}
