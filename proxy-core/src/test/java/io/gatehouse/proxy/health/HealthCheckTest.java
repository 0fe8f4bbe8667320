package io.gatehouse.proxy.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    @Test
    void defaultsAreHealthEveryTenSecondsWithATenthOfJitter() {
        HealthCheck check = HealthCheck.builder().build();

        assertEquals("HealthCheck[GET /health every PT10S (+PT1S), timeout PT2S, 200-399, up 2 / down 3]", check.toString());
    }

    @Test
    void expectedStatusRangeIsInclusive() {
        HealthCheck check = HealthCheck.builder().expectStatus(200, 204).build();

        assertTrue(check.passes(200));
        assertTrue(check.passes(204));
        assertFalse(check.passes(205));
        assertFalse(check.passes(199));
    }

    @Test
    void invalidValuesAreRejectedWithWhatWasExpected() {
        assertEquals("path: 'health' (expected: a raw path starting with '/', e.g. '/health')",
                assertThrows(IllegalArgumentException.class, () -> HealthCheck.builder().path("health")).getMessage());
        assertEquals("timeout: PT0S (expected: a positive duration)",
                assertThrows(IllegalArgumentException.class, () -> HealthCheck.builder().timeout(Duration.ZERO)).getMessage());
        assertEquals("jitter: PT-1S (expected: zero or a positive duration)", assertThrows(IllegalArgumentException.class,
                () -> HealthCheck.builder().jitter(Duration.ofSeconds(-1))).getMessage());
        assertEquals("expectStatus: 300-200 (expected: a range within 100-599, lowest first, e.g. 200-399)",
                assertThrows(IllegalArgumentException.class, () -> HealthCheck.builder().expectStatus(300, 200)).getMessage());
        assertEquals("healthyThreshold: 0 (expected: 1 or more)",
                assertThrows(IllegalArgumentException.class, () -> HealthCheck.builder().healthyThreshold(0)).getMessage());
    }

    @Test
    void outcomesMapFailuresToWhatTheyTellAboutTheUpstream() {
        assertEquals(Outcome.Kind.CONNECT_FAILURE, Outcome.failure(ForwardFailure.CONNECT_FAILED).kind());
        assertEquals(Outcome.Kind.CONNECT_FAILURE, Outcome.failure(ForwardFailure.CONNECT_TIMEOUT).kind());
        assertEquals(Outcome.Kind.TIMEOUT, Outcome.failure(ForwardFailure.RESPONSE_TIMEOUT).kind());
        assertEquals(Outcome.Kind.TIMEOUT, Outcome.failure(ForwardFailure.IDLE_TIMEOUT).kind());
        assertEquals(Outcome.Kind.RESET, Outcome.failure(ForwardFailure.UPSTREAM_FAILED).kind());
        assertEquals(Outcome.Kind.RESET, Outcome.failure(ForwardFailure.INVALID_RESPONSE).kind());
        assertEquals(Outcome.Kind.CANCELLED, Outcome.failure(ForwardFailure.STALE_CONNECTION).kind());
        assertEquals(Outcome.Kind.CANCELLED, Outcome.failure(ForwardFailure.CLIENT_REQUEST_FAILED).kind());
        assertEquals(Outcome.Kind.SERVER_ERROR, Outcome.response(502).kind());
        assertEquals(Outcome.Kind.SUCCESS, Outcome.response(404).kind());
        assertEquals("status: 42 (expected: 100-599, or 0 for no response)",
                assertThrows(IllegalArgumentException.class, () -> Outcome.response(42)).getMessage());
    }
}
