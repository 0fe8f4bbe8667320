package io.gatehouse.proxy.cache;

import static io.gatehouse.proxy.cache.Requests.T0;
import static io.gatehouse.proxy.cache.Requests.cc;
import static io.gatehouse.proxy.cache.Requests.date;
import static io.gatehouse.proxy.cache.Requests.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.cache.CacheStrategy.Action;
import org.junit.jupiter.api.Test;

/** Reuse of stored responses: RFC 9111 §4, §4.2.4, §5.2.1, §5.2.2 and RFC 5861. */
class CacheStrategyTest {

    private static StoredResponse response(String cacheControl) {
        return stored(ResponseHead.of(200, "Date", date(T0), "Cache-Control", cacheControl, "ETag", "\"v1\""), T0);
    }

    private static CacheStrategy.Result at(long secondsAfter, String requestCc, StoredResponse r) {
        return CacheStrategy.decide(T0 + secondsAfter * 1000, cc(requestCc), r);
    }

    @Test
    void freshResponseIsServedWithRemainingTtl_rfc9111_4_2() {
        CacheStrategy.Result r = at(10, null, response("max-age=60"));
        assertEquals(Action.SERVE, r.action());
        assertEquals(50, r.ttlSeconds());
    }

    @Test
    void responseIsStaleWhenAgeReachesLifetime_rfc9111_4_2() {
        CacheStrategy.Result r = at(60, null, response("max-age=60"));
        assertEquals(Action.REVALIDATE, r.action());
        assertEquals("stale", r.fwd());
    }

    @Test
    void requestNoCacheRevalidatesAFreshResponse_rfc9111_5_2_1_4() {
        CacheStrategy.Result r = at(1, "no-cache", response("max-age=60"));
        assertEquals(Action.REVALIDATE, r.action());
        assertEquals("request", r.fwd());
    }

    @Test
    void requestMaxAgeLimitsTheAgeAccepted_rfc9111_5_2_1_1() {
        assertEquals(Action.REVALIDATE, at(31, "max-age=30", response("max-age=600")).action());
        assertEquals(Action.SERVE, at(30, "max-age=30", response("max-age=600")).action());
        assertEquals(Action.REVALIDATE, at(1, "max-age=0", response("max-age=600")).action());
    }

    @Test
    void requestMinFreshNeedsThatMuchFreshnessLeft_rfc9111_5_2_1_3() {
        assertEquals(Action.REVALIDATE, at(50, "min-fresh=20", response("max-age=60")).action());
        assertEquals(Action.SERVE, at(40, "min-fresh=20", response("max-age=60")).action());
    }

    @Test
    void requestMaxStaleAcceptsStaleness_rfc9111_5_2_1_2() {
        assertEquals(Action.SERVE_STALE, at(70, "max-stale=20", response("max-age=60")).action());
        assertEquals(Action.REVALIDATE, at(90, "max-stale=20", response("max-age=60")).action());
        assertEquals(Action.SERVE_STALE, at(100_000, "max-stale", response("max-age=60")).action());
    }

    @Test
    void mustRevalidateOverridesMaxStale_rfc9111_5_2_2_2() {
        assertEquals(Action.REVALIDATE, at(70, "max-stale", response("max-age=60, must-revalidate")).action());
    }

    @Test
    void proxyRevalidateOverridesMaxStaleInASharedCache_rfc9111_5_2_2_8() {
        assertEquals(Action.REVALIDATE, at(70, "max-stale", response("max-age=60, proxy-revalidate")).action());
    }

    @Test
    void sMaxAgeImpliesProxyRevalidate_rfc9111_5_2_2_10() {
        assertEquals(Action.REVALIDATE, at(70, "max-stale", response("s-maxage=60")).action());
    }

    @Test
    void responseNoCacheIsRevalidatedEvenWhenFresh_rfc9111_5_2_2_4() {
        CacheStrategy.Result r = at(1, null, response("max-age=600, no-cache"));
        assertEquals(Action.REVALIDATE, r.action());
    }

    @Test
    void qualifiedNoCacheDoesNotForceRevalidation_rfc9111_5_2_2_4() {
        assertEquals(Action.SERVE, at(1, null, response("max-age=600, no-cache=\"X-Debug\"")).action());
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshes_rfc5861_3() {
        assertEquals(Action.SERVE_STALE_AND_REFRESH, at(70, null, response("max-age=60, stale-while-revalidate=30")).action());
        assertEquals(Action.REVALIDATE, at(91, null, response("max-age=60, stale-while-revalidate=30")).action());
    }

    @Test
    void staleWhileRevalidateIsHonouredWithSMaxAge_adr0004() {
        assertEquals(Action.SERVE_STALE_AND_REFRESH, at(5, null, response("s-maxage=1, stale-while-revalidate=59")).action());
    }

    @Test
    void staleWhileRevalidateIsNotUsedWithMustRevalidate_rfc9111_4_2_4() {
        assertEquals(Action.REVALIDATE, at(70, null,
                response("max-age=60, must-revalidate, stale-while-revalidate=30")).action());
    }

    @Test
    void clientReloadBeatsStaleWhileRevalidate() {
        assertEquals(Action.REVALIDATE, at(70, "no-cache", response("max-age=60, stale-while-revalidate=30")).action());
    }

    @Test
    void staleIfErrorCoversStalenessFromResponseOrRequest_rfc5861_4() {
        StoredResponse r = response("max-age=60, stale-if-error=100");
        assertTrue(CacheStrategy.staleIfError(T0 + 150_000, cc(null), r));
        assertFalse(CacheStrategy.staleIfError(T0 + 170_000, cc(null), r));
        StoredResponse plain = response("max-age=60");
        assertFalse(CacheStrategy.staleIfError(T0 + 70_000, cc(null), plain));
        assertTrue(CacheStrategy.staleIfError(T0 + 70_000, cc("stale-if-error=20"), plain));
    }

    @Test
    void staleIfErrorIsNotUsedWithMustRevalidateOrNoCache_rfc9111_4_2_4() {
        assertFalse(CacheStrategy.staleIfError(T0 + 70_000, cc(null), response("max-age=60, stale-if-error=100, must-revalidate")));
        assertFalse(CacheStrategy.staleIfError(T0 + 70_000, cc(null), response("max-age=60, stale-if-error=100, no-cache")));
    }

    @Test
    void onlyTheFourGatewayErrorsCountAsErrors_rfc5861_4() {
        assertTrue(CacheStrategy.isError(500));
        assertTrue(CacheStrategy.isError(504));
        assertFalse(CacheStrategy.isError(501));
        assertFalse(CacheStrategy.isError(404));
    }
}
