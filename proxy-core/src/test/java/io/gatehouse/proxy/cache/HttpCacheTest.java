package io.gatehouse.proxy.cache;

import static io.gatehouse.proxy.cache.Requests.T0;
import static io.gatehouse.proxy.cache.Requests.date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adapter's seam end to end, with a simulated origin and a test clock. */
class HttpCacheTest {

    private final TestClock clock = new TestClock(T0);
    private final HttpCache cache = HttpCache.builder().clock(clock).build();
    private final CachePolicy policy = CachePolicy.rfc9111();

    private CacheDecision lookup(FakeRequest request) {
        return cache.lookup(request, "", policy);
    }

    private static FakeRequest get(String path) {
        return FakeRequest.get(path);
    }

    /** The origin answers a forwarded request with this head and body; the plan is returned. */
    private static ResponsePlan origin(CacheDecision decision, ResponseHead head, String body) {
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class, decision).exchange();
        return answer(exchange, head, body);
    }

    private static ResponsePlan answer(CacheExchange exchange, ResponseHead head, String body) {
        ResponsePlan plan = exchange.onResponse(head);
        if (plan instanceof ResponsePlan.Pass) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            // in two chunks, as a network would
            exchange.onContent(ByteBuffer.wrap(bytes, 0, bytes.length / 2));
            exchange.onContent(ByteBuffer.wrap(bytes, bytes.length / 2, bytes.length - bytes.length / 2));
            exchange.onComplete();
        }
        return plan;
    }

    private ResponseHead ok(String... more) {
        String[] all = new String[more.length + 2];
        all[0] = "Date";
        all[1] = date(clock.millis());
        System.arraycopy(more, 0, all, 2, more.length);
        return ResponseHead.of(200, all);
    }

    private static CacheDecision.Serve served(CacheDecision decision) {
        return assertInstanceOf(CacheDecision.Serve.class, decision);
    }

    private static String body(CacheDecision.Serve serve) {
        ByteBuffer b = serve.body().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void store(FakeRequest request, ResponseHead head, String body) {
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class, origin(lookup(request), head, body));
        assertTrue(pass.store().store(), pass.store().reason());
    }

    @Test
    void missIsStoredThenServedWithAgeAndCacheStatus_rfc9111_4_and_rfc9211() {
        CacheDecision first = lookup(get("/a"));
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class,
                origin(first, ok("Cache-Control", "max-age=60", "Content-Type", "text/plain"), "hello"));
        assertEquals("gatehouse; fwd=uri-miss; stored; ttl=60", pass.head().header("Cache-Status"));
        assertEquals("stored", pass.store().reason());
        assertEquals(java.time.Duration.ofSeconds(60), pass.store().lifetime());

        clock.advanceSeconds(10);
        CacheDecision.Serve hit = served(lookup(get("/a")));
        assertEquals(CacheDecision.Kind.HIT, hit.kind());
        assertEquals(200, hit.head().status());
        assertEquals("10", hit.head().header("Age"));
        assertEquals("5", hit.head().header("Content-Length"));
        assertEquals("gatehouse; hit; ttl=50", hit.head().header("Cache-Status"));
        assertEquals("hello", body(hit));
        assertEquals(1, cache.size());
    }

    @Test
    void ageCountsTheUpstreamAgeAndTheTimeResident_rfc9111_4_2_3() {
        store(get("/a"), ok("Cache-Control", "max-age=60", "Age", "30"), "x");
        clock.advanceSeconds(5);
        CacheDecision.Serve hit = served(lookup(get("/a")));
        assertEquals("35", hit.head().header("Age"));
        assertEquals("gatehouse; hit; ttl=25", hit.head().header("Cache-Status"));
    }

    @Test
    void responseWithoutDateIsStoredWithOne_rfc9110_6_6_1() {
        store(get("/a"), ResponseHead.of(200, "Cache-Control", "max-age=60"), "x");
        assertEquals(date(T0), served(lookup(get("/a"))).head().header("Date"));
    }

    @Test
    void ourCacheStatusFollowsTheUpstreamCaches_rfc9211_2() {
        store(get("/a"), ok("Cache-Control", "max-age=60", "Cache-Status", "origin-cache; hit"), "x");
        assertEquals(List.of("origin-cache; hit", "gatehouse; hit; ttl=60"),
                served(lookup(get("/a"))).head().headers("Cache-Status"));
    }

    @Test
    void headIsAnsweredFromAStoredGetWithoutBody_rfc9111_4_3_5() {
        store(get("/a"), ok("Cache-Control", "max-age=60"), "hello");
        CacheDecision.Serve head = served(lookup(get("/a").method("HEAD")));
        assertEquals("5", head.head().header("Content-Length"));
        assertEquals(0, head.body().remaining());
    }

    @Test
    void headMissIsForwardedAndNotStored() {
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class,
                origin(lookup(get("/a").method("HEAD")), ok("Cache-Control", "max-age=60"), ""));
        assertFalse(pass.store().store());
        assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a")));
    }

    @Test
    void varySelectsByTheNominatedRequestHeaders_rfc9111_4_1() {
        store(get("/a").header("Accept-Language", "en"), ok("Cache-Control", "max-age=60", "Vary", "Accept-Language"), "hello");
        assertEquals("hello", body(served(lookup(get("/a").header("Accept-Language", "en")))));
        CacheDecision fr = lookup(get("/a").header("Accept-Language", "fr"));
        assertEquals("vary-miss", assertInstanceOf(CacheDecision.Forward.class, fr).exchange().forwardReason());
        origin(fr, ok("Cache-Control", "max-age=60", "Vary", "Accept-Language"), "bonjour");
        assertEquals("bonjour", body(served(lookup(get("/a").header("Accept-Language", "fr")))));
        assertEquals("hello", body(served(lookup(get("/a").header("Accept-Language", "en")))));
        assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a")));
    }

    @Test
    void varyStarIsNeverServed_rfc9111_4_1() {
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class,
                origin(lookup(get("/a")), ok("Cache-Control", "max-age=60", "Vary", "*"), "x"));
        assertFalse(pass.store().store());
        assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a")));
    }

    @Test
    void requestWithAnUnkeyedHeaderCannotPoisonTheEntryOthersGet() {
        // The attacker's request: the origin reflects X-Forwarded-Host into the body.
        FakeRequest attacker = get("/home").header("X-Forwarded-Host", "evil.example");
        ResponsePlan.Pass poisoned = assertInstanceOf(ResponsePlan.Pass.class,
                origin(lookup(attacker), ok("Cache-Control", "max-age=600"), "<script src=//evil.example/x.js>"));
        assertFalse(poisoned.store().store());
        assertEquals("gatehouse; fwd=uri-miss", poisoned.head().header("Cache-Status"));
        assertEquals(0, cache.size());

        // Everybody else still goes to the origin and gets (and stores) the honest page ...
        store(get("/home"), ok("Cache-Control", "max-age=600"), "<script src=/x.js>");
        assertEquals("<script src=/x.js>", body(served(lookup(get("/home")))));
        // ... which is also what the attacker's next request gets: the header changes nothing stored.
        assertEquals("<script src=/x.js>", body(served(lookup(get("/home").header("X-Forwarded-Host", "evil.example")))));
    }

    @Test
    void keyedHeaderGivesEachValueItsOwnEntry() {
        CachePolicy keyed = CachePolicy.builder().keyRequestHeaders("X-Forwarded-Host").build();
        FakeRequest a = get("/").header("X-Forwarded-Host", "a.example");
        FakeRequest b = get("/").header("X-Forwarded-Host", "b.example");
        origin(cache.lookup(a, "", keyed), ok("Cache-Control", "max-age=60"), "site a");
        origin(cache.lookup(b, "", keyed), ok("Cache-Control", "max-age=60"), "site b");
        assertEquals("site a", body(served(cache.lookup(a, "", keyed))));
        assertEquals("site b", body(served(cache.lookup(b, "", keyed))));
        assertInstanceOf(CacheDecision.Forward.class, cache.lookup(get("/"), "", keyed));
    }

    @Test
    void staleEntryIsRevalidatedAndA304UpdatesIt_rfc9111_4_3() {
        store(get("/a"), ok("Cache-Control", "max-age=10", "ETag", "\"v1\"", "Last-Modified", date(T0 - 60_000),
                "X-Old", "1"), "hello");
        clock.advanceSeconds(20);
        CacheDecision decision = lookup(get("/a").header("If-None-Match", "\"client\""));
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class, decision).exchange();
        assertTrue(exchange.revalidating());
        assertEquals("stale", exchange.forwardReason());
        assertEquals(List.of("If-None-Match", "If-Modified-Since"), exchange.upstreamHeadersToRemove());
        assertEquals(List.of(new Header("If-None-Match", "\"v1\""), new Header("If-Modified-Since", date(T0 - 60_000))),
                exchange.upstreamHeadersToAdd());

        CacheDecision.Serve revalidated = assertInstanceOf(CacheDecision.Serve.class, exchange.onResponse(
                ResponseHead.of(304, "Date", date(clock.millis()), "Cache-Control", "max-age=100", "ETag", "\"v1\"",
                        "X-Old", "2", "Content-Length", "0", "Connection", "close")));
        assertEquals(CacheDecision.Kind.REVALIDATED, revalidated.kind());
        assertEquals(200, revalidated.head().status());
        assertEquals("hello", body(revalidated));
        assertEquals("2", revalidated.head().header("X-Old"));
        assertEquals("5", revalidated.head().header("Content-Length"));
        assertNull(revalidated.head().header("Connection"));
        assertEquals("gatehouse; fwd=stale; fwd-status=304; ttl=100", revalidated.head().header("Cache-Status"));

        clock.advanceSeconds(50);
        CacheDecision.Serve hit = served(lookup(get("/a")));
        assertEquals("gatehouse; hit; ttl=50", hit.head().header("Cache-Status"));
        assertEquals("2", hit.head().header("X-Old"));
    }

    @Test
    void a304ForAnotherRepresentationUpdatesNothing_rfc9111_4_3_4() {
        store(get("/a"), ok("Cache-Control", "max-age=10", "ETag", "\"v1\""), "hello");
        clock.advanceSeconds(20);
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a"))).exchange();
        CacheDecision.Serve bad = assertInstanceOf(CacheDecision.Serve.class,
                exchange.onResponse(ResponseHead.of(304, "ETag", "\"v2\"")));
        assertEquals(CacheDecision.Kind.BAD_VALIDATION, bad.kind());
        assertEquals(502, bad.head().status());
        assertEquals(0, cache.size());
    }

    @Test
    void fullResponseToARevalidationReplacesTheEntry_rfc9111_4_3_3() {
        store(get("/a"), ok("Cache-Control", "max-age=10", "ETag", "\"v1\""), "old");
        clock.advanceSeconds(20);
        origin(lookup(get("/a")), ok("Cache-Control", "max-age=10", "ETag", "\"v2\""), "new");
        assertEquals("new", body(served(lookup(get("/a")))));
    }

    @Test
    void fullResponseThatMayNotBeStoredRemovesTheStaleEntry() {
        store(get("/a"), ok("Cache-Control", "max-age=10", "ETag", "\"v1\""), "old");
        clock.advanceSeconds(20);
        origin(lookup(get("/a")), ok("Cache-Control", "private"), "mine");
        assertEquals(0, cache.size());
    }

    @Test
    void clientValidatorsAreAnswered304FromAFreshEntry_rfc9111_4_3_2() {
        store(get("/a"), ok("Cache-Control", "max-age=60", "ETag", "\"v1\"", "Content-Type", "text/plain"), "hello");
        CacheDecision.Serve notModified = served(lookup(get("/a").header("If-None-Match", "W/\"v1\"")));
        assertEquals(304, notModified.head().status());
        assertEquals(0, notModified.body().remaining());
        assertEquals("\"v1\"", notModified.head().header("ETag"));
        assertEquals("max-age=60", notModified.head().header("Cache-Control"));
        assertNull(notModified.head().header("Content-Type"));
        assertNull(notModified.head().header("Content-Length"));
        assertEquals("gatehouse; hit; ttl=60", notModified.head().header("Cache-Status"));
        assertEquals(200, served(lookup(get("/a").header("If-None-Match", "\"v0\""))).head().status());
    }

    @Test
    void preconditionsForTheOriginAreForwarded_rfc9111_4_3_2() {
        store(get("/a"), ok("Cache-Control", "max-age=60", "ETag", "\"v1\""), "hello");
        CacheDecision d = lookup(get("/a").header("If-Match", "\"v1\""));
        assertEquals("request", assertInstanceOf(CacheDecision.Forward.class, d).exchange().forwardReason());
    }

    @Test
    void onlyIfCachedWithNothingStoredIs504_rfc9111_5_2_1_7() {
        CacheDecision.Serve timeout = served(lookup(get("/a").header("Cache-Control", "only-if-cached")));
        assertEquals(CacheDecision.Kind.ONLY_IF_CACHED, timeout.kind());
        assertEquals(504, timeout.head().status());
        assertEquals("application/problem+json", timeout.head().header("Content-Type"));
        assertEquals("gatehouse; fwd=uri-miss; detail=only-if-cached", timeout.head().header("Cache-Status"));
        store(get("/a"), ok("Cache-Control", "max-age=60"), "x");
        assertEquals(200, served(lookup(get("/a").header("Cache-Control", "only-if-cached"))).head().status());
    }

    @Test
    void requestNoCacheRevalidatesAndReportsFwdRequest_rfc9111_5_2_1_4() {
        store(get("/a"), ok("Cache-Control", "max-age=60", "ETag", "\"v1\""), "x");
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class,
                lookup(get("/a").header("Cache-Control", "no-cache"))).exchange();
        assertEquals("request", exchange.forwardReason());
        assertTrue(exchange.revalidating());
    }

    @Test
    void requestNoStoreIsServedFromTheCacheButNotStored_rfc9111_5_2_1_5() {
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class,
                origin(lookup(get("/a").header("Cache-Control", "no-store")), ok("Cache-Control", "max-age=60"), "x"));
        assertFalse(pass.store().store());
        store(get("/a"), ok("Cache-Control", "max-age=60"), "x");
        assertInstanceOf(CacheDecision.Serve.class, lookup(get("/a").header("Cache-Control", "no-store")));
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshesOnce_rfc5861_3() {
        store(get("/a"), ok("Cache-Control", "max-age=10, stale-while-revalidate=60", "ETag", "\"v1\""), "old");
        clock.advanceSeconds(20);
        CacheDecision.Serve first = served(lookup(get("/a")));
        assertEquals(CacheDecision.Kind.STALE, first.kind());
        assertEquals("old", body(first));
        assertEquals("gatehouse; hit; ttl=-10", first.head().header("Cache-Status"));
        CacheExchange refresh = first.refresh();
        assertNotNull(refresh);
        assertTrue(refresh.background());
        assertEquals(List.of(new Header("If-None-Match", "\"v1\"")), refresh.upstreamHeadersToAdd());

        CacheDecision.Serve second = served(lookup(get("/a")));
        assertNull(second.refresh(), "one background refresh at a time");

        answer(refresh, ok("Cache-Control", "max-age=10, stale-while-revalidate=60", "ETag", "\"v2\""), "new");
        CacheDecision.Serve third = served(lookup(get("/a")));
        assertEquals(CacheDecision.Kind.HIT, third.kind());
        assertEquals("new", body(third));
    }

    @Test
    void staleIfErrorServesStaleWhenTheOriginAnswers5xx_rfc5861_4() {
        store(get("/a"), ok("Cache-Control", "max-age=10, stale-if-error=300", "ETag", "\"v1\""), "old");
        clock.advanceSeconds(20);
        CacheDecision.Serve stale = assertInstanceOf(CacheDecision.Serve.class,
                assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a"))).exchange()
                        .onResponse(ResponseHead.of(503, "Retry-After", "5")));
        assertEquals(CacheDecision.Kind.STALE_IF_ERROR, stale.kind());
        assertEquals("old", body(stale));
        assertEquals("gatehouse; fwd=stale; fwd-status=503; ttl=-10", stale.head().header("Cache-Status"));
        assertEquals(1, cache.size());
    }

    @Test
    void staleIfErrorServesStaleWhenTheOriginIsUnreachable_rfc5861_4() {
        store(get("/a"), ok("Cache-Control", "max-age=10, stale-if-error=300", "ETag", "\"v1\""), "old");
        clock.advanceSeconds(20);
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a"))).exchange();
        CacheDecision.Serve stale = exchange.onFailure();
        assertNotNull(stale);
        assertEquals("old", body(stale));
    }

    @Test
    void withoutStaleIfErrorAFailureIsTheAdaptersToReport() {
        store(get("/a"), ok("Cache-Control", "max-age=10", "ETag", "\"v1\""), "old");
        clock.advanceSeconds(20);
        assertNull(assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a"))).exchange().onFailure());
        ResponsePlan plan = assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a"))).exchange()
                .onResponse(ResponseHead.of(503));
        assertInstanceOf(ResponsePlan.Pass.class, plan);
    }

    @Test
    void unsafeRequestInvalidatesTargetAndSameOriginLocations_rfc9111_4_4() {
        for (String path : List.of("/a", "/b", "/c", "/d")) {
            store(get(path), ok("Cache-Control", "max-age=60"), path);
        }
        store(get("/e").host("other.example"), ok("Cache-Control", "max-age=60"), "e");
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class, origin(lookup(get("/a").method("POST")),
                ResponseHead.of(201, "Location", "/b", "Content-Location", "http://example.com/c"), ""));
        assertEquals("gatehouse; fwd=method", pass.head().header("Cache-Status"));
        assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a")));
        assertInstanceOf(CacheDecision.Forward.class, lookup(get("/b")));
        assertInstanceOf(CacheDecision.Forward.class, lookup(get("/c")));
        assertInstanceOf(CacheDecision.Serve.class, lookup(get("/d")));

        origin(lookup(get("/x").method("DELETE")), ResponseHead.of(204, "Location", "http://other.example/e"), "");
        assertInstanceOf(CacheDecision.Serve.class, lookup(get("/e").host("other.example")));
    }

    @Test
    void onUnsafeResponseInvalidatesForAdaptersThatSkipLookup_rfc9111_4_4() {
        store(get("/a"), ok("Cache-Control", "max-age=60"), "a");
        store(get("/b"), ok("Cache-Control", "max-age=60"), "b");
        assertFalse(cache.onUnsafeResponse(get("/a"), "", policy, ResponseHead.of(200)), "GET is safe");
        assertFalse(cache.onUnsafeResponse(get("/a").method("POST"), "", policy, ResponseHead.of(404)), "an error");
        assertEquals(2, cache.size());
        assertTrue(cache.onUnsafeResponse(get("/a").method("POST"), "", policy, ResponseHead.of(303, "Location", "/b")));
        assertEquals(0, cache.size());
    }

    @Test
    void failedUnsafeRequestInvalidatesNothing_rfc9111_4_4() {
        store(get("/a"), ok("Cache-Control", "max-age=60"), "a");
        origin(lookup(get("/a").method("PUT")), ResponseHead.of(500), "");
        assertInstanceOf(CacheDecision.Serve.class, lookup(get("/a")));
    }

    @Test
    void unsafeRequestOnARouteThatDoesNotCacheStillInvalidates() {
        store(get("/a"), ok("Cache-Control", "max-age=60"), "a");
        CacheDecision post = cache.lookup(get("/a").method("PATCH"), "", CachePolicy.never());
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class, origin(post, ResponseHead.of(200), ""));
        assertNull(pass.head().header("Cache-Status"), "the response did not go through the cache");
        assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a")));
    }

    @Test
    void purgeByKeyPrefixAndAll() {
        for (String path : List.of("/static/a.css", "/static/b.js", "/api/x")) {
            store(get(path), ok("Cache-Control", "max-age=60"), path);
        }
        store(get("/api/y").query("q=1"), ok("Cache-Control", "max-age=60"), "y");
        assertTrue(cache.purge("HTTP://Example.com:80/api/y?q=1"));
        assertFalse(cache.purge("http://example.com/api/y?q=1"));
        assertTrue(cache.purge(get("/api/x"), "", policy));
        assertEquals(2, cache.purgePrefix("http://example.com/static/"));
        assertEquals(0, cache.size());
        store(get("/z"), ok("Cache-Control", "max-age=60"), "z");
        cache.purgeAll();
        assertEquals(0, cache.size());
    }

    @Test
    void responsesOverTheObjectLimitStreamThroughUnstored() {
        HttpCache small = HttpCache.builder().clock(clock).maximumObjectSize(8).build();
        ResponsePlan.Pass declared = assertInstanceOf(ResponsePlan.Pass.class, origin(small.lookup(get("/a"), "", policy),
                ok("Cache-Control", "max-age=60", "Content-Length", "9"), "123456789"));
        assertFalse(declared.store().store());
        assertEquals("Content-Length 9 is above the cache's object size limit of 8 bytes", declared.store().reason());

        CacheExchange chunked = assertInstanceOf(CacheDecision.Forward.class, small.lookup(get("/b"), "", policy)).exchange();
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class, chunked.onResponse(ok("Cache-Control", "max-age=60")));
        assertTrue(pass.store().store());
        assertTrue(chunked.onContent(ByteBuffer.wrap(new byte[6])));
        assertFalse(chunked.onContent(ByteBuffer.wrap(new byte[6])));
        chunked.onComplete();
        assertEquals(0, small.size());
        assertFalse(chunked.storeDecision().store());
    }

    @Test
    void setCookieIsNeverStoredEvenWhenThePolicyAllowsTheResponse() {
        CachePolicy cookies = CachePolicy.builder().storeResponsesWithSetCookie(true).build();
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class, origin(cache.lookup(get("/a"), "", cookies),
                ok("Cache-Control", "max-age=60", "Set-Cookie", "sid=secret"), "x"));
        assertEquals("sid=secret", pass.head().header("Set-Cookie"), "the client that fetched it gets its cookie");
        assertNull(served(cache.lookup(get("/a"), "", cookies)).head().header("Set-Cookie"));
    }

    @Test
    void privateAndNoCacheFieldNamesAreNotStored_rfc9111_5_2_2_4_and_5_2_2_7() {
        store(get("/a"), ok("Cache-Control", "max-age=60, private=\"X-User\", no-cache=\"X-Debug\"", "X-User", "alice",
                "X-Debug", "1", "X-Public", "yes"), "x");
        ResponseHead hit = served(lookup(get("/a"))).head();
        assertNull(hit.header("X-User"));
        assertNull(hit.header("X-Debug"));
        assertEquals("yes", hit.header("X-Public"));
    }

    @Test
    void hopByHopFieldsAreNotStored_rfc9111_3_1() {
        store(get("/a"), ok("Cache-Control", "max-age=60", "Connection", "X-Hop", "X-Hop", "1", "Keep-Alive", "timeout=5"), "x");
        ResponseHead hit = served(lookup(get("/a"))).head();
        assertNull(hit.header("X-Hop"));
        assertNull(hit.header("Keep-Alive"));
        assertNull(hit.header("Connection"));
    }

    @Test
    void storedStaleResponseWithoutValidatorIsForwardedUnconditionally() {
        store(get("/a"), ok("Cache-Control", "max-age=10, stale-if-error=60"), "x");
        clock.advanceSeconds(20);
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class, lookup(get("/a"))).exchange();
        assertFalse(exchange.revalidating());
        assertEquals(List.of(), exchange.upstreamHeadersToAdd());
    }

    @Test
    void builderChecksItsOptions() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HttpCache.builder().name("my cache"));
        assertEquals("name: 'my cache' (expected: a letter or * then letters, digits or !#$%&'*+-.^_`|~:/, e.g. gatehouse)",
                e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HttpCache.builder().maximumSize(1000).maximumObjectSize(2000).build());
        assertEquals("maximumObjectSize: 2000 is above maximumSize 1000 (expected: at most the total size;"
                + " lower it or raise maximumSize)", e.getMessage());
    }

    @Test
    void cacheNameIsConfigurable_rfc9211_2() {
        HttpCache named = HttpCache.builder().clock(clock).name("edge-1").build();
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class,
                origin(named.lookup(get("/a"), "", policy), ok("Cache-Control", "max-age=60"), "x"));
        assertEquals("edge-1; fwd=uri-miss; stored; ttl=60", pass.head().header("Cache-Status"));
    }
}
