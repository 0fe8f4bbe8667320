package io.gatehouse.proxy.jetty.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.jetty.admin.RouteTraffic.CacheResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-route counters and the reading of this proxy's {@code Cache-Status} member (RFC 9211). */
class RouteTrafficTest {

    @Test
    void ourMemberOfCacheStatusSaysHitOrForwarded() {
        assertEquals(CacheResult.HIT, RouteTraffic.cacheResult("gatehouse; hit; ttl=30", "gatehouse"));
        assertEquals(CacheResult.MISS, RouteTraffic.cacheResult("gatehouse; fwd=uri-miss; stored", "gatehouse"));
        assertEquals(CacheResult.MISS, RouteTraffic.cacheResult("gatehouse; fwd=stale; fwd-status=304", "gatehouse"));
        // The upstream's own caches come first (RFC 9211 §2); ours is the last member with our name.
        assertEquals(CacheResult.MISS, RouteTraffic.cacheResult("origin-cdn; hit, gatehouse; fwd=uri-miss", "gatehouse"));
        assertEquals(CacheResult.NONE, RouteTraffic.cacheResult("origin-cdn; hit", "gatehouse"));
        assertEquals(CacheResult.NONE, RouteTraffic.cacheResult(null, "gatehouse"));
        assertEquals(CacheResult.NONE, RouteTraffic.cacheResult("gatehouse; hit", null));
    }

    @Test
    void errorsAreServerErrorsAndFailedExchanges() {
        RouteTraffic traffic = new RouteTraffic(() -> "gatehouse");
        traffic.completed("a", 200, false, CacheResult.HIT);
        traffic.completed("a", 404, false, CacheResult.NONE);
        traffic.completed("a", 502, false, CacheResult.MISS);
        traffic.completed("a", 200, true, CacheResult.NONE);
        traffic.completed(null, 404, false, CacheResult.NONE);
        assertEquals(Map.of("requests", 4L, "errors", 2L, "cacheHits", 1L, "cacheMisses", 1L), traffic.json("a"));
        assertEquals(Map.of("requests", 1L, "errors", 0L, "cacheHits", 0L, "cacheMisses", 0L),
                traffic.json(RouteTraffic.UNROUTED));
        assertEquals(Map.of("requests", 0L, "errors", 0L, "cacheHits", 0L, "cacheMisses", 0L), traffic.json("quiet"));
        assertEquals(5L, traffic.totals().get("requests"));
    }
}
