package io.gatehouse.proxy.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.health.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final FakeClock clock = new FakeClock();

    private static int retriesAllowed(RetryBudget budget, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (budget.tryRetry()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void retriesStayWithinTheRatioOfRequestsPlusTheFloor() {
        RetryBudget budget = RetryBudget.of(0.2, 1, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 1000; i++) {
            budget.recordRequest();
        }

        // 20 % of 1000 requests + 1 per second over 10 s
        assertEquals(210, retriesAllowed(budget, 1000));
        assertEquals(210, budget.retries());
        assertEquals(1000, budget.requests());
    }

    @Test
    void withoutTrafficTheFloorStillAllowsAFewRetries() {
        RetryBudget budget = RetryBudget.of(0.2, 10, Duration.ofSeconds(10), clock);

        assertEquals(100, retriesAllowed(budget, 500));
    }

    @Test
    void aRetryStormIsCutOffWhileHealthyTrafficKeepsItsRetries() {
        RetryBudget budget = RetryBudget.of(0.2, 0, Duration.ofSeconds(10), clock);
        int retried = 0;
        for (int i = 0; i < 1000; i++) {
            budget.recordRequest();
            // every request fails and wants two retries
            retried += retriesAllowed(budget, 2);
        }

        assertEquals(200, retried);
    }

    @Test
    void theWindowSlides() {
        RetryBudget budget = RetryBudget.of(0.5, 0, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 100; i++) {
            budget.recordRequest();
        }
        assertEquals(50, retriesAllowed(budget, 100));

        clock.advance(Duration.ofSeconds(5));
        assertFalse(budget.tryRetry(), "still within the window");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(0, budget.requests(), "requests of 10 s ago are forgotten");
        for (int i = 0; i < 10; i++) {
            budget.recordRequest();
        }
        assertEquals(5, retriesAllowed(budget, 100));
    }

    @Test
    void oldBucketsAreForgottenOneByOne() {
        RetryBudget budget = RetryBudget.of(1.0, 0, Duration.ofSeconds(10), clock);
        for (int second = 0; second < 10; second++) {
            budget.recordRequest();
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(9, budget.requests());

        clock.advance(Duration.ofSeconds(4));
        assertEquals(5, budget.requests());
        assertTrue(budget.tryRetry());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertEquals("minRetriesPerSecond: -1 (expected: 0 or more)", assertThrows(IllegalArgumentException.class,
                () -> RetryBudget.of(0.2, -1, Duration.ofSeconds(10), clock)).getMessage());
        assertEquals("window: PT0.001S (expected: at least 10 ms, e.g. 10 s)", assertThrows(IllegalArgumentException.class,
                () -> RetryBudget.of(0.2, 1, Duration.ofMillis(1), clock)).getMessage());
    }
}
