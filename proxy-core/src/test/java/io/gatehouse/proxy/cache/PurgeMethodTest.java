package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.FakeRequest;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may use the {@code PURGE} method, and what a purge removes. */
class PurgeMethodTest {

    private static FakeRequest purge(String path, String from) {
        return FakeRequest.get(path).method("PURGE").remoteAddress(from);
    }

    @Test
    void clientsInsideTheRangesMayPurgeOthersGet403() {
        PurgeMethod purge = PurgeMethod.allowFrom("127.0.0.1", "10.0.0.0/8", "::1");
        assertTrue(purge.check(purge("/a", "127.0.0.1")).allowed());
        assertTrue(purge.check(purge("/a", "10.20.30.40")).allowed());
        assertTrue(purge.check(purge("/a", "::1")).allowed());
        Verdict denied = purge.check(purge("/a", "192.0.2.7"));
        assertFalse(denied.allowed());
        assertEquals(403, ((Verdict.Deny) denied).status());
    }

    @Test
    void anAccessPolicyIsCheckedOnceTheAddressIsAllowed() {
        PurgeMethod purge = PurgeMethod.allowFrom("10.0.0.0/8").and(request -> "secret".equals(request.header("X-Purge-Key"))
                ? Verdict.allow() : Verdict.deny(401));
        assertEquals(401, ((Verdict.Deny) purge.check(purge("/a", "10.0.0.1"))).status());
        assertTrue(purge.check(purge("/a", "10.0.0.1").header("X-Purge-Key", "secret")).allowed());
        assertEquals(403, ((Verdict.Deny) purge.check(purge("/a", "192.0.2.1").header("X-Purge-Key", "secret"))).status(),
                "the key does not open it to any address");
    }

    @Test
    void invalidRangesAreRefusedWithTheValueNamed() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, PurgeMethod::allowFrom);
        assertEquals("purgeMethod: no client range (expected: at least one, e.g. 127.0.0.1 or 10.0.0.0/8; leave PURGE off"
                + " by not setting purgeMethod)", none.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> PurgeMethod.allowFrom("10.0.0.0/99"));
        assertTrue(bad.getMessage().contains("10.0.0.0/99"), bad.getMessage());
    }

    @Test
    void theCacheHasNoPurgeMethodUnlessBuiltWithOne() {
        assertNull(HttpCache.builder().build().purgeMethod());
        PurgeMethod purge = PurgeMethod.allowFrom("127.0.0.1");
        assertSame(purge, HttpCache.builder().purgeMethod(purge).build().purgeMethod());
    }

    @Test
    void aPurgeRemovesEveryVariantOfTheTargetUriUnderTheRoutesKey() {
        HttpCache cache = HttpCache.builder().clock(new TestClock(Requests.T0)).build();
        CachePolicy policy = CachePolicy.builder().ignoreQueryParameters("utm_*").build();
        for (String language : List.of("en", "de")) {
            FakeRequest get = FakeRequest.get("/a").query("utm_source=x").header("Accept-Language", language);
            CacheExchange exchange = ((CacheDecision.Forward) cache.lookup(get, "/api", policy)).exchange();
            exchange.onResponse(ResponseHead.of(200, "Cache-Control", "max-age=60", "Vary", "Accept-Language"));
            exchange.onContent(ByteBuffer.wrap(new byte[] {1}));
            exchange.onComplete();
        }
        FakeRequest other = FakeRequest.get("/b");
        CacheExchange b = ((CacheDecision.Forward) cache.lookup(other, "/api", policy)).exchange();
        b.onResponse(ResponseHead.of(200, "Cache-Control", "max-age=60"));
        b.onComplete();
        assertEquals(2, cache.size());

        assertTrue(cache.purge(purge("/a", "127.0.0.1"), "/api", policy), "the query parameter the key drops does not matter");
        assertEquals(1, cache.size());
        assertFalse(cache.purge(purge("/a", "127.0.0.1"), "/api", policy), "nothing left to purge");
        assertTrue(cache.lookup(FakeRequest.get("/b"), "/api", policy) instanceof CacheDecision.Serve, "another URI stays");
    }
}
