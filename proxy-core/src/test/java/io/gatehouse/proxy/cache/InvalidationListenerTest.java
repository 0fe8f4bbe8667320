package io.gatehouse.proxy.cache;

import static io.gatehouse.proxy.cache.Requests.T0;
import static io.gatehouse.proxy.cache.Requests.date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Two caches kept in step the way instances of a cluster are: what one removes (purges, RFC
 * 9111 §4.4 invalidations) its listener hears of, and the other applies without telling its
 * own listener, so nothing echoes back.
 */
class InvalidationListenerTest {

    private final TestClock clock = new TestClock(T0);
    private final CachePolicy policy = CachePolicy.rfc9111();
    private final List<Invalidation> heardByA = new CopyOnWriteArrayList<>();
    private final List<Invalidation> heardByB = new CopyOnWriteArrayList<>();
    private final HttpCache b = HttpCache.builder().clock(clock).invalidationListener(heardByB::add).build();
    private final HttpCache a = HttpCache.builder().clock(clock).invalidationListener(i -> {
        heardByA.add(i);
        b.apply(i);
    }).build();

    private void store(HttpCache cache, FakeRequest request) {
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class, cache.lookup(request, "", policy)).exchange();
        ResponsePlan.Pass pass = assertInstanceOf(ResponsePlan.Pass.class,
                exchange.onResponse(ResponseHead.of(200, "Date", date(clock.millis()), "Cache-Control", "max-age=60")));
        assertTrue(pass.store().store(), pass.store().reason());
        exchange.onContent(ByteBuffer.wrap("body".getBytes(StandardCharsets.US_ASCII)));
        exchange.onComplete();
    }

    private void storeInBoth(String... paths) {
        for (String path : paths) {
            store(a, FakeRequest.get(path));
            store(b, FakeRequest.get(path));
        }
    }

    @Test
    void purgesAreHeardAndAppliedElsewhereWithoutEcho() {
        storeInBoth("/a", "/static/x.css", "/static/y.js", "/z");
        assertTrue(a.purge(FakeRequest.get("/a"), "", policy));
        assertEquals(3, b.size());
        assertEquals(2, a.purgePrefix("http://example.com/static/"));
        assertEquals(1, b.size());
        a.purgeAll();
        assertEquals(0, b.size());
        assertEquals(List.of(Invalidation.key("http://example.com/a"), Invalidation.prefix("http://example.com/static/"),
                Invalidation.all()), heardByA);
        assertEquals(List.of(), heardByB, "an applied invalidation is not told again");
    }

    @Test
    void aPurgeOfWhatThisInstanceNeverStoredIsStillHeard() {
        store(b, FakeRequest.get("/only-in-b"));
        assertEquals(false, a.purge("http://example.com/only-in-b"));
        assertEquals(0, b.size());
    }

    @Test
    void unsafeMethodsInvalidateTheTargetAndLocationEverywhere_rfc9111_4_4() {
        storeInBoth("/a", "/b", "/c");
        CacheExchange post = assertInstanceOf(CacheDecision.Forward.class,
                a.lookup(FakeRequest.get("/a").method("POST"), "", policy)).exchange();
        post.onResponse(ResponseHead.of(201, "Location", "/b"));
        post.onComplete();
        assertEquals(List.of(Invalidation.key("http://example.com/a"), Invalidation.key("http://example.com/b")), heardByA);
        assertEquals(1, b.size());
        assertInstanceOf(CacheDecision.Serve.class, b.lookup(FakeRequest.get("/c"), "", policy));
    }

    @Test
    void aFailingListenerDoesNotFailTheLocalPurge() {
        HttpCache cache = HttpCache.builder().clock(clock).invalidationListener(i -> {
            throw new IllegalStateException("broken");
        }).build();
        store(cache, FakeRequest.get("/a"));
        assertTrue(cache.purge(FakeRequest.get("/a"), "", policy));
        assertEquals(0, cache.size());
    }

    @Test
    void applyingEverythingEmptiesTheCache() {
        storeInBoth("/a", "/b");
        assertEquals(2, b.apply(Invalidation.all()));
        assertEquals(0, b.size());
        assertThrows(IllegalArgumentException.class, () -> new Invalidation(Invalidation.Scope.ALL, "x"));
    }
}
