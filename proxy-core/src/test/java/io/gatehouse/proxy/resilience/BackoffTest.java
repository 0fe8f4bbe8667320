package io.gatehouse.proxy.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheMaximum() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(25), Duration.ofMillis(250)).withJitter(0);
        SplittableRandom random = new SplittableRandom(1);

        assertEquals(Duration.ofMillis(25), backoff.delay(1, random));
        assertEquals(Duration.ofMillis(50), backoff.delay(2, random));
        assertEquals(Duration.ofMillis(200), backoff.delay(4, random));
        assertEquals(Duration.ofMillis(250), backoff.delay(5, random));
        assertEquals(Duration.ofMillis(250), backoff.delay(100, random));
    }

    @Test
    void jitterSpreadsDelaysWithinItsShare() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
        SplittableRandom random = new SplittableRandom(2);

        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration delay = backoff.delay(1, random);
            assertTrue(delay.compareTo(Duration.ofMillis(80)) >= 0 && delay.compareTo(Duration.ofMillis(120)) <= 0,
                    delay.toString());
            seen.add(delay);
        }
        assertTrue(seen.size() > 100, "delays vary");
    }

    @Test
    void noneNeverWaits() {
        assertEquals(Duration.ZERO, Backoff.none().delay(3, new SplittableRandom(3)));
    }

    @Test
    void invalidSettingsAreRejected() {
        assertEquals("max: PT0.01S (expected: at least initial PT0.1S)", assertThrows(IllegalArgumentException.class,
                () -> Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(10))).getMessage());
        assertEquals("jitter: 2.0 (expected: 0.0-1.0, e.g. 0.2)", assertThrows(IllegalArgumentException.class,
                () -> Backoff.none().withJitter(2)).getMessage());
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", now));
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Mon, 23 Nov 2026 10:00:30 GMT", now));
        assertEquals(Duration.ZERO, RetryAfter.parse("Mon, 23 Nov 2026 09:00:00 GMT", now));
        assertEquals(null, RetryAfter.parse("soon", now));
        assertEquals(null, RetryAfter.parse("-5", now));
        assertEquals(null, RetryAfter.parse(null, now));
    }
}
