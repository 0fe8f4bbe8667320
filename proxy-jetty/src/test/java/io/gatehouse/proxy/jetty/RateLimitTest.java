package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.ratelimit.ConcurrencyLimiter;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimitKey;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * Rate limits through a real proxy, with an injected clock: token buckets keyed by client
 * (clients told apart by a trusted proxy's {@code X-Forwarded-For}) answer 429 problem+json with
 * {@code Retry-After}, {@code RateLimit-Policy} and {@code RateLimit}; the per-client
 * concurrency limit holds while a request is in flight and frees its slot when it ends.
 * Refused requests never reach the upstream.
 */
class RateLimitTest extends ProxyIntegrationTest {

    private static final String ALICE = "198.51.100.1";
    private static final String BOB = "198.51.100.2";

    private final AtomicLong clock = new AtomicLong(TimeUnit.HOURS.toNanos(1));

    private ContentResponse get(EdgeProxy proxy, String path, String client) throws Exception {
        return ProxyIntegrationTest.client.newRequest(proxy.uri(path)).headers(h -> h.put("X-Forwarded-For", client)).send();
    }

    private EdgeProxy proxyLimitedTo(Backend backend, RateLimiter limiter) throws Exception {
        return EdgeProxy.start(ProxyConfig.builder()
                .trustedProxies("127.0.0.1")
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("limited", r -> r.pathPrefix("/limited").rateLimit(limiter).to("g"))
                .route("free", r -> r.pathPrefix("/free").to("g"))
                .build());
    }

    @Test
    void overTheLimitIs429WithRetryAfterAndRateLimitHeaders() throws Exception {
        RateLimiter perClient = RateLimiters.tokenBucket(Quota.perMinute(60).burst(2)).name("per-client")
                .clock(clock::get).build();
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = proxyLimitedTo(backend, perClient)) {
            ContentResponse first = get(proxy, "/api/limited/1", ALICE);
            assertEquals(200, first.getStatus());
            assertEquals("\"per-client\";q=60;w=60", first.getHeaders().get("RateLimit-Policy"));
            assertEquals("\"per-client\";r=1;t=1", first.getHeaders().get("RateLimit"));
            ContentResponse second = get(proxy, "/api/limited/1", ALICE);
            assertEquals(200, second.getStatus());
            assertEquals("\"per-client\";r=0;t=1", second.getHeaders().get("RateLimit"));

            ContentResponse refused = get(proxy, "/api/limited/1", ALICE);
            assertEquals(429, refused.getStatus());
            assertEquals("application/problem+json", refused.getMediaType());
            assertTrue(refused.getContentAsString().contains("\"status\":429"), refused.getContentAsString());
            assertEquals("1", refused.getHeaders().get("Retry-After"));
            assertEquals("\"per-client\";q=60;w=60", refused.getHeaders().get("RateLimit-Policy"));
            assertEquals("\"per-client\";r=0;t=1", refused.getHeaders().get("RateLimit"));
            assertEquals(2, backend.arrivals(), "a refused request reached the upstream");

            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            assertEquals(200, get(proxy, "/api/limited/1", ALICE).getStatus());
            assertEquals(429, get(proxy, "/api/limited/1", ALICE).getStatus());
            assertEquals(3, backend.arrivals());
        }
    }

    @Test
    void bucketsAreKeyedByClient() throws Exception {
        RateLimiter perClient = RateLimiters.tokenBucket(Quota.perMinute(1)).clock(clock::get).build();
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = proxyLimitedTo(backend, perClient)) {
            assertEquals(200, get(proxy, "/api/limited/1", ALICE).getStatus());
            assertEquals(429, get(proxy, "/api/limited/1", ALICE).getStatus());
            assertEquals(200, get(proxy, "/api/limited/1", BOB).getStatus(), "Alice's bucket is not Bob's");
            assertEquals(429, get(proxy, "/api/limited/1", BOB).getStatus());
            assertEquals(200, get(proxy, "/api/free/1", ALICE).getStatus(), "the limit is the route's");
            assertEquals(3, backend.arrivals());
        }
    }

    @Test
    void anUntrustedPeerCannotDodgeItsBucketByForgingForwardedFor() throws Exception {
        RateLimiter perClient = RateLimiters.tokenBucket(Quota.perMinute(1)).clock(clock::get).build();
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("limited", r -> r.pathPrefix("/limited").rateLimit(perClient).to("g"))
                     .build())) {
            assertEquals(200, get(proxy, "/api/limited/1", ALICE).getStatus());
            assertEquals(429, get(proxy, "/api/limited/1", BOB).getStatus(), "X-Forwarded-For of an untrusted peer was believed");
            assertEquals(1, backend.arrivals());
        }
    }

    @Test
    void aHeaderKeyedLimiterCountsPerTenant() throws Exception {
        RateLimiter perTenant = RateLimiters.tokenBucket(Quota.perMinute(1)).name("tenant")
                .key(RateLimitKey.header("X-Tenant")).clock(clock::get).build();
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = proxyLimitedTo(backend, perTenant)) {
            assertEquals(200, client.newRequest(proxy.uri("/api/limited/1")).headers(h -> h.put("X-Tenant", "a")).send()
                    .getStatus());
            assertEquals(429, client.newRequest(proxy.uri("/api/limited/1")).headers(h -> h.put("X-Tenant", "a")).send()
                    .getStatus());
            assertEquals(200, client.newRequest(proxy.uri("/api/limited/1")).headers(h -> h.put("X-Tenant", "b")).send()
                    .getStatus());
        }
    }

    @Test
    void concurrencyLimitRefusesAClientsExtraRequestInFlightAndFreesTheSlotWhenItEnds() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrencyLimiter oneAtATime = RateLimiters.concurrency(1).name("in-flight").build();
        try (Backend backend = Backend.start(seen -> {
            if (seen.target().startsWith("/slow")) {
                entered.countDown();
                await(release);
            }
            return Backend.Reply.text(200, "ok");
        });
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .trustedProxies("127.0.0.1")
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.concurrencyLimit(oneAtATime).to("g"))
                     .build())) {
            var slow = new CompletableResponseListener(client.newRequest(proxy.uri("/api/slow"))
                    .headers(h -> h.put("X-Forwarded-For", ALICE))).send();
            assertTrue(entered.await(5, TimeUnit.SECONDS), "the slow request did not reach the upstream");

            ContentResponse refused = get(proxy, "/api/fast", ALICE);
            assertEquals(429, refused.getStatus());
            assertEquals("application/problem+json", refused.getMediaType());
            assertEquals("1", refused.getHeaders().get("Retry-After"));
            assertEquals("\"in-flight\";q=1;qu=\"concurrent-requests\"", refused.getHeaders().get("RateLimit-Policy"));
            assertEquals("\"in-flight\";r=0", refused.getHeaders().get("RateLimit"));
            assertEquals(200, get(proxy, "/api/fast", BOB).getStatus(), "Bob has his own slot");

            release.countDown();
            assertEquals(200, slow.get(5, TimeUnit.SECONDS).getStatus());
            assertEquals(200, awaitAdmitted(proxy, ALICE), "the slot was not given back when the exchange ended");
            assertEquals(0, oneAtATime.leakedLeases());
            assertEquals(3, backend.requestCount());
        }
    }

    /**
     * Alice's next request once her slot is back: the proxy frees it right after the last byte of
     * the response is written, which the client may see first, so ask again until admitted.
     */
    private int awaitAdmitted(EdgeProxy proxy, String who) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status;
        do {
            status = get(proxy, "/api/fast", who).getStatus();
        } while (status == 429 && System.nanoTime() < deadline);
        return status;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
