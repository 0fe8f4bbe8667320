package io.gatehouse.proxy.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuotaTest {

    @Test
    void burstDefaultsToThePermitsOfOnePeriod() {
        Quota quota = Quota.perMinute(600);
        assertEquals(600, quota.burst());
        assertEquals(100_000_000L, quota.nanosPerPermit());
        assertEquals(50, quota.burst(50).burst());
        assertEquals(600, quota.burst(50).permits());
    }

    @Test
    void policyParametersAreWholeSecondsAndQuotaPerWindow() {
        assertEquals(600, Quota.perMinute(600).policyQuota());
        assertEquals(60, Quota.perMinute(600).policyWindowSeconds());
        assertEquals(50, Quota.of(5, Duration.ofMillis(100)).policyQuota());
        assertEquals(1, Quota.of(5, Duration.ofMillis(100)).policyWindowSeconds());
        assertEquals(2, Quota.of(3, Duration.ofMillis(1500)).policyWindowSeconds());
    }

    @Test
    void invalidValuesAreRefusedByName() {
        assertEquals("permits: 0 (expected: 1 or more)",
                assertThrows(IllegalArgumentException.class, () -> Quota.perSecond(0)).getMessage());
        assertEquals("period: PT0S (expected: a positive duration of at most a year)",
                assertThrows(IllegalArgumentException.class, () -> Quota.of(1, Duration.ZERO)).getMessage());
        assertEquals("permits: 2000000000 per PT1S (expected: at most one permit per nanosecond)",
                assertThrows(IllegalArgumentException.class, () -> Quota.perSecond(2_000_000_000L)).getMessage());
        assertEquals("burst: 0 (expected: 1 to 46116860184)",
                assertThrows(IllegalArgumentException.class, () -> Quota.perSecond(10).burst(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quota.perSecond(10).burst(Long.MAX_VALUE));
    }

    @Test
    void equalQuotasAreEqual() {
        assertEquals(Quota.perSecond(10).burst(20), Quota.of(10, Duration.ofSeconds(1)).burst(20));
        assertEquals("10 per PT1S, burst 20", Quota.perSecond(10).burst(20).toString());
    }
}
