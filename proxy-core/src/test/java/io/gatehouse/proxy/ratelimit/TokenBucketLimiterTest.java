package io.gatehouse.proxy.ratelimit;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static io.gatehouse.proxy.ratelimit.Fixtures.ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenBucketLimiterTest {

    private final Fixtures.Clock clock = new Fixtures.Clock();

    private RateLimiters.TokenBucketBuilder bucket(Quota quota) {
        return RateLimiters.tokenBucket(quota).clock(clock).executor(Runnable::run);
    }

    private static FakeRequest from(String address) {
        return get("/").remoteAddress(address);
    }

    @Test
    void fullBucketLetsTheBurstThroughThenRefuses() {
        RateLimiter limiter = bucket(Quota.perSecond(10).burst(3)).build();

        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RateLimitResult result = limiter.tryAcquire(from("192.0.2.1"), ROUTE);
            assertTrue(result.allowed());
            remaining.add(result.remaining());
        }
        RateLimitResult refused = limiter.tryAcquire(from("192.0.2.1"), ROUTE);

        assertEquals(List.of(2L, 1L, 0L), remaining);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(100_000_000L, refused.resetNanos());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals("default", refused.policy());
        assertEquals(10, refused.quota());
        assertEquals(1, refused.windowSeconds());
    }

    @Test
    void onePermitComesBackPerEmissionInterval() {
        RateLimiter limiter = bucket(Quota.perSecond(10).burst(1)).build();
        assertTrue(limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed());
        assertFalse(limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed());

        clock.advanceMillis(99);
        RateLimitResult early = limiter.tryAcquire(from("192.0.2.1"), ROUTE);
        clock.advanceMillis(1);
        RateLimitResult onTime = limiter.tryAcquire(from("192.0.2.1"), ROUTE);

        assertFalse(early.allowed());
        assertEquals(1_000_000L, early.resetNanos());
        assertTrue(onTime.allowed());
        assertEquals(100_000_000L, onTime.resetNanos());
    }

    @Test
    void refusedRequestsDoNotUseUpPermits() {
        RateLimiter limiter = bucket(Quota.perSecond(1).burst(1)).build();
        assertTrue(limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed());
        for (int i = 0; i < 100; i++) {
            assertFalse(limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed());
        }
        clock.advanceMillis(1000);
        assertTrue(limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed());
    }

    @Test
    void overTimeNoMoreThanBurstPlusRateGetThrough() {
        RateLimiter limiter = bucket(Quota.perSecond(100).burst(20)).build();
        int allowed = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            for (int i = 0; i < 3; i++) {
                if (limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed()) {
                    allowed++;
                }
            }
            clock.advanceMillis(1);
        }
        // 20 at once, then 100 a second for 10 s
        assertEquals(20 + 1000, allowed, 1);
    }

    @Test
    void effectiveWindowIsTheTimeToTheNextPermit() {
        RateLimiter limiter = bucket(Quota.perMinute(2).burst(2)).build();
        RateLimitResult first = limiter.tryAcquire(from("192.0.2.1"), ROUTE);
        clock.advanceMillis(10_000);
        RateLimitResult second = limiter.tryAcquire(from("192.0.2.1"), ROUTE);

        assertEquals(1, first.remaining());
        assertEquals(30, first.resetSeconds());
        assertEquals(0, second.remaining());
        assertEquals(20, second.resetSeconds());
        assertEquals(2, first.quota());
        assertEquals(60, first.windowSeconds());
    }

    @Test
    void eachClientHasItsOwnBucketAndAnIpv6Slash64IsOneClient() {
        RateLimiter limiter = bucket(Quota.perSecond(1).burst(1)).build();

        assertTrue(limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed());
        assertTrue(limiter.tryAcquire(from("192.0.2.2"), ROUTE).allowed());
        assertTrue(limiter.tryAcquire(from("2001:db8:1:2::1"), ROUTE).allowed());
        assertFalse(limiter.tryAcquire(from("2001:db8:1:2:ffff::9"), ROUTE).allowed());
        assertTrue(limiter.tryAcquire(from("2001:db8:1:3::1"), ROUTE).allowed());
        assertFalse(limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed());
    }

    @Test
    void keyOfNullLeavesTheRequestAlone() {
        RateLimiter limiter = bucket(Quota.perSecond(1)).key(RateLimitKey.of(r -> r.header("X-Tenant"))).build();
        assertNull(limiter.tryAcquire(from("192.0.2.1"), ROUTE));
        assertTrue(limiter.tryAcquire(from("192.0.2.1").header("X-Tenant", "a"), ROUTE).allowed());
        assertFalse(limiter.tryAcquire(from("192.0.2.9").header("X-Tenant", "a"), ROUTE).allowed());
    }

    @Test
    void idleBucketsAreForgottenOnceFull() {
        TokenBucketLimiter limiter = (TokenBucketLimiter) bucket(Quota.perSecond(10).burst(5)).build();
        for (int i = 0; i < 50; i++) {
            limiter.tryAcquire(from("192.0.2." + i), ROUTE);
        }
        assertEquals(50, limiter.bucketCount());

        clock.advanceMillis(499);
        assertEquals(50, limiter.bucketCount());
        clock.advanceMillis(2);
        assertEquals(0, limiter.bucketCount());
    }

    @Test
    void bucketsAreBoundedInNumber() {
        TokenBucketLimiter limiter = (TokenBucketLimiter) bucket(Quota.perSecond(10)).maxKeys(100).build();
        for (int i = 0; i < 5_000; i++) {
            limiter.tryAcquire(from("10.0." + (i / 256) + "." + (i % 256)), ROUTE);
        }
        assertTrue(limiter.bucketCount() <= 100, "kept " + limiter.bucketCount());
    }

    @Test
    void racingThreadsTakeExactlyTheBurst() throws Exception {
        RateLimiter limiter = bucket(Quota.perMinute(1).burst(1000)).build();
        AtomicInteger allowed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 5_000; i++) {
                    if (limiter.tryAcquire(from("192.0.2.1"), ROUTE).allowed()) {
                        allowed.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1000, allowed.get());
    }

    @Test
    void builderRefusesBadOptionsByName() {
        assertEquals("name: 'per client' (expected: 1-64 letters, digits, '.', '_' or '-')",
                assertThrows(IllegalArgumentException.class, () -> RateLimiters.tokenBucket(Quota.perSecond(1)).name("per client"))
                        .getMessage());
        assertEquals("maxKeys: 0 (expected: 1 or more)",
                assertThrows(IllegalArgumentException.class, () -> RateLimiters.tokenBucket(Quota.perSecond(1)).maxKeys(0))
                        .getMessage());
        assertEquals("maxInFlight: 0 (expected: 1 or more)",
                assertThrows(IllegalArgumentException.class, () -> RateLimiters.concurrency(0)).getMessage());
    }
}
