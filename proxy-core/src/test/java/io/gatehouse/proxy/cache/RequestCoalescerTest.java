package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Request coalescing: concurrent misses for one key make one origin request. */
class RequestCoalescerTest {

    private static final int CLIENTS = 50;

    @Test
    void fiftyConcurrentLoadsOfAColdKeyFetchOnce() throws Exception {
        RequestCoalescer<String, String> coalescer = new RequestCoalescer<>();
        AtomicInteger fetches = new AtomicInteger();
        CompletableFuture<String> origin = new CompletableFuture<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<CompletableFuture<String>>> calls = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return coalescer.load("/cold", k -> {
                        fetches.incrementAndGet();
                        return origin;
                    });
                }));
            }
            start.countDown();
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (Future<CompletableFuture<String>> call : calls) {
                results.add(call.get(10, TimeUnit.SECONDS));
            }
            origin.complete("body");
            for (CompletableFuture<String> result : results) {
                assertEquals("body", result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, fetches.get());
            assertEquals(0, coalescer.inFlight());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFinishedFlightLetsTheNextCallerLead() {
        RequestCoalescer<String, String> coalescer = new RequestCoalescer<>();
        RequestCoalescer.Flight<String, String> first = coalescer.join("k");
        assertTrue(first.leader());
        assertFalse(coalescer.join("k").leader());
        first.fail(new IllegalStateException("origin down"));
        assertTrue(coalescer.join("k").leader());
    }

    @Test
    void fiftyConcurrentCacheLookupsOfAColdKeyMakeOneOriginRequest() throws Exception {
        // Followers give up on a leader after the coalescing timeout; a loaded machine can take longer than the
        // default 5 s to run fifty lookups, so the test waits longer than it ever takes.
        HttpCache cache = HttpCache.builder().clock(new TestClock(Requests.T0))
                .coalescingTimeout(Duration.ofMinutes(10)).build();
        CachePolicy policy = CachePolicy.rfc9111();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<CacheDecision>> calls = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return cache.lookup(FakeRequest.get("/cold"), "", policy);
                }));
            }
            start.countDown();
            List<CacheDecision> decisions = new ArrayList<>();
            for (Future<CacheDecision> call : calls) {
                decisions.add(call.get(10, TimeUnit.SECONDS));
            }
            List<CacheExchange> originRequests = new ArrayList<>();
            List<CompletableFuture<CacheDecision>> waiting = new ArrayList<>();
            for (CacheDecision d : decisions) {
                if (d instanceof CacheDecision.Forward f) {
                    originRequests.add(f.exchange());
                } else {
                    waiting.add(assertInstanceOf(CacheDecision.Await.class, d).next());
                }
            }
            assertEquals(1, originRequests.size(), "one origin request");
            assertEquals(CLIENTS - 1, waiting.size());
            CacheExchange leader = originRequests.get(0);
            assertTrue(leader.leader());
            leader.onResponse(ResponseHead.of(200, "Cache-Control", "max-age=60"));
            leader.onContent(ByteBuffer.wrap("shared".getBytes()));
            leader.onComplete();
            for (CompletableFuture<CacheDecision> w : waiting) {
                CacheDecision.Serve serve = assertInstanceOf(CacheDecision.Serve.class, w.get(10, TimeUnit.SECONDS));
                assertEquals("gatehouse; fwd=uri-miss; collapsed; ttl=60", serve.head().header("Cache-Status"));
                assertEquals(6, serve.body().remaining());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheLeadersResponseIsNotStoredTheWaitingRequestsGoForward() throws Exception {
        HttpCache cache = HttpCache.builder().clock(new TestClock(Requests.T0)).build();
        CachePolicy policy = CachePolicy.rfc9111();
        CacheExchange leader = assertInstanceOf(CacheDecision.Forward.class,
                cache.lookup(FakeRequest.get("/p"), "", policy)).exchange();
        CacheDecision.Await follower = assertInstanceOf(CacheDecision.Await.class,
                cache.lookup(FakeRequest.get("/p"), "", policy));
        leader.onResponse(ResponseHead.of(200, "Cache-Control", "private"));
        CacheDecision next = follower.next().get(10, TimeUnit.SECONDS);
        CacheExchange own = assertInstanceOf(CacheDecision.Forward.class, next).exchange();
        assertFalse(own.leader(), "followers do not queue behind each other");
    }

    @Test
    void aWaitingRequestGoesForwardWhenTheLeaderTakesTooLong() throws Exception {
        HttpCache cache = HttpCache.builder().clock(new TestClock(Requests.T0))
                .coalescingTimeout(Duration.ofMillis(1)).build();
        CachePolicy policy = CachePolicy.rfc9111();
        assertInstanceOf(CacheDecision.Forward.class, cache.lookup(FakeRequest.get("/slow"), "", policy));
        CacheDecision.Await follower = assertInstanceOf(CacheDecision.Await.class,
                cache.lookup(FakeRequest.get("/slow"), "", policy));
        // the leader never answers: the bounded wait ends and the follower forwards itself ...
        assertInstanceOf(CacheDecision.Forward.class, follower.next().get(10, TimeUnit.SECONDS));
        // ... and the silent leader no longer holds the key: the next request leads a new fetch
        CacheExchange next = assertInstanceOf(CacheDecision.Forward.class,
                cache.lookup(FakeRequest.get("/slow"), "", policy)).exchange();
        assertTrue(next.leader());
    }

    @Test
    void requestsWithTheirOwnValidatorsDoNotLead() {
        HttpCache cache = HttpCache.builder().clock(new TestClock(Requests.T0)).build();
        CachePolicy policy = CachePolicy.rfc9111();
        FakeRequest conditional = FakeRequest.get("/c").header("If-None-Match", "\"v1\"");
        assertFalse(assertInstanceOf(CacheDecision.Forward.class, cache.lookup(conditional, "", policy)).exchange().leader());
        assertTrue(assertInstanceOf(CacheDecision.Forward.class, cache.lookup(FakeRequest.get("/c"), "", policy))
                .exchange().leader());
    }

    @Test
    void coalescingCanBeTurnedOff() {
        HttpCache cache = HttpCache.builder().coalescingTimeout(Duration.ZERO).build();
        CachePolicy policy = CachePolicy.rfc9111();
        assertInstanceOf(CacheDecision.Forward.class, cache.lookup(FakeRequest.get("/x"), "", policy));
        assertInstanceOf(CacheDecision.Forward.class, cache.lookup(FakeRequest.get("/x"), "", policy));
    }
}
