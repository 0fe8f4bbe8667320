package io.gatehouse.proxy.ratelimit;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static io.gatehouse.proxy.ratelimit.Fixtures.ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitGateTest {

    private final Fixtures.Clock clock = new Fixtures.Clock();

    private RateLimiter bucket(String name, Quota quota) {
        return RateLimiters.tokenBucket(quota).name(name).clock(clock).executor(Runnable::run).build();
    }

    @Test
    void routeWithoutLimitsIsAdmittedWithoutHeaders() {
        assertSame(Admission.unlimited(), RateLimitGate.admit(get("/"), ROUTE, List.of(), null));
    }

    @Test
    void admittedRequestCarriesThePolicyAndTheCurrentLimit() {
        Admission admission = RateLimitGate.admit(get("/"), ROUTE,
                List.of(bucket("per-client", Quota.perMinute(100).burst(10)), bucket("route", Quota.perSecond(5))), null);

        assertTrue(admission.admitted());
        assertSame(Lease.none(), admission.lease());
        assertEquals(Map.of(
                "RateLimit-Policy", "\"per-client\";q=100;w=60, \"route\";q=5;w=1",
                "RateLimit", "\"per-client\";r=9;t=1, \"route\";r=4;t=1"), admission.responseHeaders());
    }

    @Test
    void refusalIsA429WithRetryAfterAndTheLimitsAskedSoFar() {
        RateLimiter tight = bucket("tight", Quota.perMinute(6).burst(1));
        RateLimitGate.admit(get("/"), ROUTE, List.of(tight), null);

        Admission refused = RateLimitGate.admit(get("/"), ROUTE, List.of(tight, neverAsked()), null);

        assertFalse(refused.admitted());
        assertEquals(429, refused.denial().status());
        assertEquals("Too Many Requests", refused.denial().problem().title());
        assertEquals("The request rate limit 'tight' was exceeded; retry in 10 s.", refused.denial().problem().detail());
        assertEquals(Map.of("Retry-After", "10", "RateLimit-Policy", "\"tight\";q=6;w=60", "RateLimit", "\"tight\";r=0;t=10"),
                refused.denial().headers());
        assertSame(Lease.none(), refused.lease());
    }

    @Test
    void concurrencySlotIsHeldByTheAdmissionAndItsLimitIsAdvertised() {
        ConcurrencyLimiter slots = RateLimiters.concurrency(1).build();

        Admission first = RateLimitGate.admit(get("/"), ROUTE, List.of(), slots);
        Admission second = RateLimitGate.admit(get("/"), ROUTE, List.of(), slots);

        assertTrue(first.admitted());
        assertNotSame(Lease.none(), first.lease());
        assertEquals(Map.of("RateLimit-Policy", "\"concurrency\";q=1;qu=\"concurrent-requests\""), first.responseHeaders());
        assertFalse(second.admitted());
        assertEquals(Map.of("Retry-After", "1", "RateLimit-Policy", "\"concurrency\";q=1;qu=\"concurrent-requests\"",
                "RateLimit", "\"concurrency\";r=0"), second.denial().headers());
        first.lease().close();
        Admission third = RateLimitGate.admit(get("/"), ROUTE, List.of(), slots);
        assertTrue(third.admitted());
        third.lease().close();
    }

    @Test
    void customLimiterNameCannotBreakTheHeader() {
        RateLimiter odd = new RateLimiter() {
            @Override
            public String name() {
                return "a\"b\r\n";
            }

            @Override
            public RateLimitResult tryAcquire(io.gatehouse.proxy.http.RequestView request, String routeId) {
                return new RateLimitResult(name(), true, 1, 1, 0, 1);
            }
        };

        Admission admission = RateLimitGate.admit(get("/"), ROUTE, List.of(odd), null);

        assertEquals("\"a\\\"b??\";q=1;w=1", admission.responseHeaders().get("RateLimit-Policy"));
    }

    private static RateLimiter neverAsked() {
        return new RateLimiter() {
            @Override
            public String name() {
                return "never";
            }

            @Override
            public RateLimitResult tryAcquire(io.gatehouse.proxy.http.RequestView request, String routeId) {
                throw new AssertionError("limiters after a refusal are not asked");
            }
        };
    }
}
