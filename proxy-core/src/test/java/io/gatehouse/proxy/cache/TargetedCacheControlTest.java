package io.gatehouse.proxy.cache;

import static io.gatehouse.proxy.cache.Requests.T0;
import static io.gatehouse.proxy.cache.Requests.date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Targeted cache-control fields (RFC 9213): {@code CDN-Cache-Control} and a field of the user's choosing. */
class TargetedCacheControlTest {

    private final TestClock clock = new TestClock(T0);
    private final HttpCache cache = HttpCache.builder().clock(clock).build();

    private static CacheControl targeted(String value) {
        return TargetedCacheControl.parse(List.of(value));
    }

    @Test
    void membersMapOntoTheDirectives_rfc9213_2_1() {
        CacheControl cc = targeted("max-age=60, no-store, private=\"x-user\", s-maxage=30;foo=bar, must-revalidate=?1");
        assertEquals(60, cc.maxAge);
        assertEquals(30, cc.sMaxAge);
        assertTrue(cc.noStore);
        assertTrue(cc.isPrivate);
        assertEquals(java.util.Set.of("x-user"), cc.privateFields);
        assertTrue(cc.mustRevalidate);
        assertFalse(targeted("no-store=?0, max-age=5").noStore, "?0 leaves the directive out");
        assertEquals(java.util.Set.of("a", "b"), targeted("no-cache=(\"a\" b)").noCacheFields);
        assertEquals(7, targeted("max-age=1, max-age=7").maxAge, "RFC 8941 §4.2.2: the last member of a name wins");
        assertEquals(CacheControl.INVALID, targeted("max-age=-5").maxAge);
        assertEquals(CacheControl.INVALID, targeted("max-age=1.5").maxAge);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Max-Age=60", "max-age=60,", "max-age=60;", "max-age=\"60", "max-age==60", "max age=60",
            "max-age=60 no-store", ",max-age=60", "max-age=?2", "max-age=1234567890123456", ""})
    void aValueThatIsNotADictionaryMakesTheFieldInvalid_rfc9213_2_1(String value) {
        assertNull(targeted(value));
    }

    @Test
    void theFieldsLinesAreCombined() {
        CacheControl cc = TargetedCacheControl.parse(List.of("max-age=60", "no-cache"));
        assertEquals(60, cc.maxAge);
        assertTrue(cc.noCache);
    }

    private CacheDecision lookup(CachePolicy policy) {
        return cache.lookup(FakeRequest.get("/a"), "", policy);
    }

    private ResponsePlan.Pass origin(CachePolicy policy, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Date";
        all[1] = date(clock.millis());
        System.arraycopy(headers, 0, all, 2, headers.length);
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class, lookup(policy)).exchange();
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class, exchange.onResponse(ResponseHead.of(200, all)));
        exchange.onContent(ByteBuffer.wrap(new byte[] {'x'}));
        exchange.onComplete();
        return pass;
    }

    @Test
    void cdnCacheControlDecidesAndCacheControlAndExpiresAreIgnored_rfc9213_2_2() {
        CachePolicy policy = CachePolicy.rfc9111();
        ResponsePlan.Pass pass = origin(policy, "Cache-Control", "no-store, private", "Expires", "0",
                "CDN-Cache-Control", "max-age=60");
        assertTrue(pass.store().store(), pass.store().reason());
        assertEquals(java.time.Duration.ofSeconds(60), pass.store().lifetime());
        assertEquals("max-age=60", pass.head().header("CDN-Cache-Control"), "CDN-Cache-Control goes on to CDNs downstream");
        assertEquals("no-store, private", pass.head().header("Cache-Control"), "Cache-Control reaches the client unchanged");
        clock.advanceSeconds(30);
        CacheDecision.Serve hit = assertInstanceOf(CacheDecision.Serve.class, lookup(policy));
        assertEquals("gatehouse; hit; ttl=30", hit.head().header("Cache-Status"));
        assertEquals("max-age=60", hit.head().header("CDN-Cache-Control"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-store", "private", "no-store, max-age=60", "private, max-age=60"})
    void cdnCacheControlNoStoreAndPrivateWinOverACacheableCacheControl_rfc9213_2_2(String targetedValue) {
        ResponsePlan.Pass pass = origin(CachePolicy.rfc9111(), "Cache-Control", "public, max-age=600",
                "CDN-Cache-Control", targetedValue);
        assertFalse(pass.store().store());
        assertInstanceOf(CacheDecision.Forward.class, lookup(CachePolicy.rfc9111()));
    }

    @Test
    void cdnCacheControlNoCacheRevalidatesEveryTime_rfc9213_2_2() {
        origin(CachePolicy.rfc9111(), "Cache-Control", "max-age=600", "CDN-Cache-Control", "no-cache, max-age=600",
                "ETag", "\"v1\"");
        CacheExchange revalidation = assertInstanceOf(CacheDecision.Forward.class, lookup(CachePolicy.rfc9111())).exchange();
        assertTrue(revalidation.revalidating());
    }

    @Test
    void anInvalidTargetedFieldIsIgnoredAndCacheControlDecides_rfc9213_2_1() {
        ResponsePlan.Pass pass = origin(CachePolicy.rfc9111(), "Cache-Control", "max-age=20",
                "CDN-Cache-Control", "Max-Age=600, No-Store");
        assertTrue(pass.store().store());
        assertEquals(java.time.Duration.ofSeconds(20), pass.store().lifetime());
    }

    @Test
    void theFirstValidFieldOfTheTargetListWinsAndOwnFieldsStopAtTheProxy_rfc9213_2_2() {
        CachePolicy policy = CachePolicy.builder().targetedFields("Gatehouse-Cache-Control", "CDN-Cache-Control").build();
        ResponsePlan.Pass pass = origin(policy, "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=10",
                "Gatehouse-Cache-Control", "max-age=90");
        assertEquals(java.time.Duration.ofSeconds(90), pass.store().lifetime());
        assertNull(pass.head().header("Gatehouse-Cache-Control"), "a field aimed at this proxy alone is not passed on");
        assertEquals("max-age=10", pass.head().header("CDN-Cache-Control"));
        clock.advanceSeconds(60);
        CacheDecision.Serve hit = assertInstanceOf(CacheDecision.Serve.class, lookup(policy));
        assertNull(hit.head().header("Gatehouse-Cache-Control"));
        assertEquals("gatehouse; hit; ttl=30", hit.head().header("Cache-Status"));
    }

    @Test
    void withNoTargetListOnlyCacheControlCounts() {
        CachePolicy policy = CachePolicy.builder().targetedFields().build();
        ResponsePlan.Pass pass = origin(policy, "Cache-Control", "max-age=20", "CDN-Cache-Control", "no-store");
        assertTrue(pass.store().store());
    }

    @Test
    void theBuilderChecksTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CachePolicy.builder().targetedFields("Cache-Control"));
        assertEquals("targetedFields: 'Cache-Control' (expected: a targeted field such as CDN-Cache-Control or"
                + " Gatehouse-Cache-Control; Cache-Control is always the fallback)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CachePolicy.builder().targetedFields("CDN Cache"));
        assertEquals(List.of("CDN-Cache-Control"), CachePolicy.rfc9111().targetedFields());
    }
}
