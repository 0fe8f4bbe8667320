package io.gatehouse.proxy.ratelimit;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static io.gatehouse.proxy.ratelimit.Fixtures.ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedConcurrencyLimiterTest {

    private final KeyedConcurrencyLimiter limiter = (KeyedConcurrencyLimiter) RateLimiters.concurrency(2).build();

    private static FakeRequest from(String address) {
        return get("/").remoteAddress(address);
    }

    @Test
    void keyAtItsLimitGetsNoLeaseUntilOneIsClosed() {
        Lease first = limiter.tryAcquire(from("192.0.2.1"), ROUTE);
        Lease second = limiter.tryAcquire(from("192.0.2.1"), ROUTE);

        assertNull(limiter.tryAcquire(from("192.0.2.1"), ROUTE));
        assertNotNull(limiter.tryAcquire(from("192.0.2.2"), ROUTE));
        first.close();
        assertNotNull(limiter.tryAcquire(from("192.0.2.1"), ROUTE));
        second.close();
    }

    @Test
    void closingTwiceGivesOneSlotBack() {
        Lease first = limiter.tryAcquire(from("192.0.2.1"), ROUTE);
        Lease second = limiter.tryAcquire(from("192.0.2.1"), ROUTE);
        first.close();
        first.close();

        assertEquals(1, limiter.inFlight("192.0.2.1"));
        assertNotNull(limiter.tryAcquire(from("192.0.2.1"), ROUTE));
        assertNull(limiter.tryAcquire(from("192.0.2.1"), ROUTE));
        second.close();
    }

    @Test
    void keysWithNothingInFlightTakeNoMemory() {
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire(from("10.0." + (i / 256) + "." + (i % 256)), ROUTE).close();
        }
        assertEquals(0, limiter.keys());
    }

    @Test
    void nullKeyIsNotLimited() {
        ConcurrencyLimiter byTenant = RateLimiters.concurrency(1).key(RateLimitKey.of(r -> r.header("X-Tenant"))).build();
        assertSame(Lease.none(), byTenant.tryAcquire(from("192.0.2.1"), ROUTE));
        assertSame(Lease.none(), byTenant.tryAcquire(from("192.0.2.1"), ROUTE));
    }

    @Test
    void racingThreadsNeverExceedTheLimitAndLeaveNothingBehind() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    Lease lease = limiter.tryAcquire(from("192.0.2.1"), ROUTE);
                    if (lease == null) {
                        refused.incrementAndGet();
                        continue;
                    }
                    int now = inFlight.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    inFlight.decrementAndGet();
                    lease.close();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertTrue(most.get() <= 2, "most in flight: " + most.get());
        assertEquals(0, limiter.inFlight("192.0.2.1"));
        assertEquals(0, limiter.keys());
    }

    @Test
    void leaseDroppedWithoutClosingIsGivenBackByTheCollectorAndCounted() throws Exception {
        dropLease();
        dropLease();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (limiter.leakedLeases() < 2 && System.nanoTime() < deadline) {
            System.gc();
            Thread.onSpinWait();
        }

        assertEquals(2, limiter.leakedLeases());
        assertEquals(0, limiter.inFlight("192.0.2.1"));
        assertNotNull(limiter.tryAcquire(from("192.0.2.1"), ROUTE));
    }

    private void dropLease() {
        assertNotNull(limiter.tryAcquire(from("192.0.2.1"), ROUTE));
    }
}
