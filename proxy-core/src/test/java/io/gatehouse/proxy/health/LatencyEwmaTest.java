package io.gatehouse.proxy.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyEwmaTest {

    private static final long TAU = 10_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aSlowerSampleReplacesTheAverageAtOnce() {
        LatencyEwma ewma = new LatencyEwma();
        ewma.observe(10 * MS, 0, TAU);

        ewma.observe(200 * MS, 1, TAU);

        assertEquals(200 * MS, ewma.nanos(1, TAU), 1);
    }

    @Test
    void fasterSamplesPullTheAverageDownByTheTimeBetweenThem() {
        LatencyEwma ewma = new LatencyEwma();
        ewma.observe(100 * MS, 0, TAU);

        ewma.observe(0, TAU, TAU);

        // weight of the old value after one τ: e^-1
        assertEquals(100 * MS * Math.exp(-1), ewma.nanos(TAU, TAU), 1);
    }

    @Test
    void withoutSamplesTheAverageDecaysTowardsZero() {
        LatencyEwma ewma = new LatencyEwma();
        ewma.observe(100 * MS, 0, TAU);

        assertEquals(100 * MS * Math.exp(-3), ewma.nanos(3 * TAU, TAU), 1);
        assertTrue(ewma.nanos(50 * TAU, TAU) < MS);
    }

    @Test
    void beforeTheFirstSampleItIsZero() {
        LatencyEwma ewma = new LatencyEwma();

        assertEquals(0, ewma.nanos(5, TAU));
        assertEquals(false, ewma.sampled());
    }
}
