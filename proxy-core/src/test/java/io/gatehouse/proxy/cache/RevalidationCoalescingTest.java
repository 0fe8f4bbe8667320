package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Which revalidations wait for another one of the same key (request coalescing): those the
 * stored response needs (it is stale: the leader's validation freshens it for everyone) or a
 * {@code max-age} asks for (the freshened response is young enough), not those of a request with
 * {@code no-cache} (RFC 9111 §5.2.1.4), which would have to validate again after waiting.
 */
class RevalidationCoalescingTest {

    private final TestClock clock = new TestClock(Requests.T0);
    private final HttpCache cache = HttpCache.builder().clock(clock).build();
    private final CachePolicy policy = CachePolicy.rfc9111();

    private void store(String cacheControl) {
        CacheExchange exchange = forward(FakeRequest.get("/r")).exchange();
        exchange.onResponse(ResponseHead.of(200, "Cache-Control", cacheControl, "ETag", "\"e\"",
                "Date", Requests.date(clock.millis())));
        exchange.onContent(ByteBuffer.wrap(new byte[] {1}));
        exchange.onComplete();
    }

    private CacheDecision.Forward forward(FakeRequest request) {
        return assertInstanceOf(CacheDecision.Forward.class, cache.lookup(request, "", policy));
    }

    @Test
    void aStaleEntrysRevalidationIsSharedWithTheRequestsThatArriveMeanwhile() {
        store("max-age=10");
        clock.advanceSeconds(20);
        assertTrue(forward(FakeRequest.get("/r")).exchange().leader());
        assertInstanceOf(CacheDecision.Await.class, cache.lookup(FakeRequest.get("/r"), "", policy));
    }

    @Test
    void aRequestMaxAgeWaitsTheFreshenedResponseWillSatisfyIt() {
        store("max-age=600");
        clock.advanceSeconds(5);
        assertTrue(forward(FakeRequest.get("/r").header("Cache-Control", "max-age=0")).exchange().leader());
        assertInstanceOf(CacheDecision.Await.class, cache.lookup(FakeRequest.get("/r").header("Cache-Control", "max-age=0"),
                "", policy));
    }

    @Test
    void requestsWithNoCacheDoNotWaitForAnotherValidation() {
        store("max-age=600");
        CacheDecision.Forward first = forward(FakeRequest.get("/r").header("Cache-Control", "no-cache"));
        assertTrue(first.exchange().revalidating());
        CacheDecision.Forward other = forward(FakeRequest.get("/r").header("Cache-Control", "no-cache"));
        assertTrue(other.exchange().revalidating(), "validates on its own, at once");
        clock.advanceSeconds(700);
        CacheDecision.Forward reload = forward(FakeRequest.get("/r").header("Cache-Control", "no-cache"));
        assertTrue(reload.exchange().revalidating(), "stale too: still its own validation");
    }
}
