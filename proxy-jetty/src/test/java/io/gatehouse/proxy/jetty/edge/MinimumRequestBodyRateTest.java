package io.gatehouse.proxy.jetty.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-request body rate rule: after the grace period, {@code rate} bytes for every second since the first wait. */
class MinimumRequestBodyRateTest {

    private final MinimumRequestBodyRate rate =
            new MinimumRequestBodyRate(null, 500, TimeUnit.SECONDS.toNanos(10), () -> 0L);

    @Test
    void nothingIsTooSlowWithinTheGracePeriod() {
        assertFalse(rate.tooSlow(0, TimeUnit.SECONDS.toNanos(10)));
    }

    @Test
    void afterTheGracePeriodEachSecondNeedsItsBytes() {
        long twelveSeconds = TimeUnit.SECONDS.toNanos(12);
        assertTrue(rate.tooSlow(999, twelveSeconds));
        assertFalse(rate.tooSlow(1_000, twelveSeconds));
    }

    @Test
    void aBodyThatCameFastEarlyBuysTime() {
        assertFalse(rate.tooSlow(50_000, TimeUnit.SECONDS.toNanos(100)));
        assertTrue(rate.tooSlow(50_000, TimeUnit.SECONDS.toNanos(111)));
    }
}
