package io.gatehouse.proxy.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetryPolicy POLICY = RetryPolicy.builder().backoff(Backoff.none()).build();
    private static final RetryPolicy OPT_IN = RetryPolicy.builder().backoff(Backoff.none()).retryNonIdempotent(true).build();

    private static AttemptResult result(String what) {
        return what.matches("\\d+") ? AttemptResult.response(Integer.parseInt(what), null)
                : AttemptResult.failure(ForwardFailure.valueOf(what));
    }

    @ParameterizedTest(name = "{0} {1} {2}: retried {3} (opted in: {4})")
    @CsvSource({
            // what happened,      method, body,           retried, retried when the route opts in
            "CONNECT_FAILED,       GET,    NOT_SENT,       true,    true",
            "CONNECT_FAILED,       POST,   NOT_SENT,       true,    true",
            "CONNECT_TIMEOUT,      PATCH,  NOT_SENT,       true,    true",
            "502,                  GET,    REPLAYABLE,     true,    true",
            "503,                  PUT,    REPLAYABLE,     true,    true",
            "504,                  DELETE, REPLAYABLE,     true,    true",
            "503,                  POST,   REPLAYABLE,     false,   true",
            "503,                  GET,    NOT_REPLAYABLE, false,   false",
            "500,                  GET,    REPLAYABLE,     false,   false",
            "429,                  GET,    REPLAYABLE,     false,   false",
            "RESPONSE_TIMEOUT,     GET,    REPLAYABLE,     true,    true",
            "RESPONSE_TIMEOUT,     POST,   REPLAYABLE,     false,   true",
            "RESPONSE_TIMEOUT,     POST,   NOT_REPLAYABLE, false,   false",
            "IDLE_TIMEOUT,         HEAD,   REPLAYABLE,     true,    true",
            "UPSTREAM_FAILED,      GET,    REPLAYABLE,     true,    true",
            "UPSTREAM_FAILED,      POST,   REPLAYABLE,     false,   true",
            "UPSTREAM_FAILED,      POST,   NOT_SENT,       true,    true",
            "INVALID_RESPONSE,     GET,    REPLAYABLE,     false,   false",
            "CLIENT_REQUEST_FAILED, GET,   REPLAYABLE,     false,   false",
            "PROXY_ERROR,          GET,    NOT_SENT,       false,   false",
    })
    void whatIsRetried(String what, String method, BodyState body, boolean retried, boolean optedIn) {
        RandomGen random = new RandomGen();

        assertEquals(retried, POLICY.decide(1, result(what), method, body, false, random).retry(), "default");
        assertEquals(optedIn, OPT_IN.decide(1, result(what), method, body, false, random).retry(), "opted in");
    }

    @Test
    void theLastAttemptIsNotRetried() {
        RetryDecision decision = POLICY.decide(3, result("CONNECT_FAILED"), "GET", BodyState.NOT_SENT, false, new RandomGen());

        assertFalse(decision.retry());
        assertEquals("connect failure; attempt 3 of 3, none left", decision.reason());
    }

    @Test
    void aStaleConnectionIsRetriedOnAFreshOneWhateverTheAttempt() {
        RetryDecision decision = RetryPolicy.none().decide(1, result("STALE_CONNECTION"), "GET", BodyState.REPLAYABLE,
                false, new RandomGen());

        assertTrue(decision.retry());
        assertTrue(decision.freshConnection());
        assertEquals(Duration.ZERO, decision.delay());
    }

    @Test
    void aStaleConnectionAfterANonIdempotentRequestWasSentIsNotRetried() {
        RetryDecision decision = POLICY.decide(1, result("STALE_CONNECTION"), "POST", BodyState.REPLAYABLE, false,
                new RandomGen());

        assertFalse(decision.retry());
        assertEquals("stale pooled connection after POST was sent; POST is not idempotent and the route does not"
                + " retry non-idempotent requests", decision.reason());
        assertTrue(POLICY.decide(1, result("STALE_CONNECTION"), "POST", BodyState.NOT_SENT, false, new RandomGen()).retry());
    }

    @Test
    void reasonsSayWhyNot() {
        assertEquals("status 503; POST is not idempotent and the route does not retry non-idempotent requests",
                POLICY.decide(1, result("503"), "POST", BodyState.REPLAYABLE, false, new RandomGen()).reason());
        assertEquals("response timeout; the request body sent was larger than the replay limit of 65536 bytes",
                POLICY.decide(1, result("RESPONSE_TIMEOUT"), "PUT", BodyState.NOT_REPLAYABLE, false, new RandomGen()).reason());
        assertEquals("status 500 is not retried (retried: [502, 503, 504])",
                POLICY.decide(1, result("500"), "GET", BodyState.REPLAYABLE, false, new RandomGen()).reason());
    }

    @Test
    void retryAfterIsHonouredWithinTheCapWhenTheRetryGoesToTheSameUpstream() {
        RetryPolicy policy = RetryPolicy.builder().retryAfterCap(Duration.ofSeconds(2)).retryStatusOnSameUpstream(true).build();
        AttemptResult wait1 = AttemptResult.response(503, Duration.ofSeconds(1));
        AttemptResult wait5 = AttemptResult.response(503, Duration.ofSeconds(5));

        assertEquals(Duration.ofSeconds(1), policy.decide(1, wait1, "GET", BodyState.REPLAYABLE, true, new RandomGen()).delay());
        RetryDecision beyond = policy.decide(1, wait5, "GET", BodyState.REPLAYABLE, true, new RandomGen());
        assertFalse(beyond.retry());
        assertEquals("status 503 (Retry-After PT5S) asks for more than the cap of PT2S and no other upstream is available",
                beyond.reason());
        RetryDecision elsewhere = policy.decide(1, wait5, "GET", BodyState.REPLAYABLE, false, new RandomGen());
        assertTrue(elsewhere.retry());
        assertTrue(elsewhere.delay().compareTo(Duration.ofMillis(30)) <= 0, "another upstream does not wait");
    }

    @Test
    void delaysBackOffExponentially() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(5)
                .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50)).withJitter(0)).build();

        assertEquals(Duration.ofMillis(10), policy.decide(1, result("502"), "GET", BodyState.REPLAYABLE, false, new RandomGen()).delay());
        assertEquals(Duration.ofMillis(20), policy.decide(2, result("502"), "GET", BodyState.REPLAYABLE, false, new RandomGen()).delay());
        assertEquals(Duration.ofMillis(40), policy.decide(3, result("502"), "GET", BodyState.REPLAYABLE, false, new RandomGen()).delay());
        assertEquals(Duration.ofMillis(50), policy.decide(4, result("502"), "GET", BodyState.REPLAYABLE, false, new RandomGen()).delay());
    }

    @Test
    void defaultsAndOptionsAreKept() {
        assertEquals(3, RetryPolicy.defaults().maxAttempts());
        assertEquals(65536, RetryPolicy.defaults().replayLimit());
        assertEquals(1, RetryPolicy.none().maxAttempts());
        assertEquals(5, RetryPolicy.idempotent(5).maxAttempts());
        RetryPolicy custom = RetryPolicy.builder().retryOnStatus(503, 429).replayLimit(1 << 20).build();
        assertEquals(java.util.Set.of(429, 503), custom.statuses());
        assertEquals(1 << 20, custom.replayLimit());
    }

    @Test
    void retriesStatusAnswersLikeTheSetOfStatuses() {
        RetryPolicy custom = RetryPolicy.builder().retryOnStatus(503, 429).build();
        for (int status : new int[] {-1, 0, 200, 429, 500, 502, 503, 504, 599, 600, 999}) {
            assertEquals(custom.statuses().contains(status), custom.retriesStatus(status), "custom " + status);
            assertEquals(RetryPolicy.defaults().statuses().contains(status), RetryPolicy.defaults().retriesStatus(status),
                    "defaults " + status);
        }
    }

    @Test
    void invalidOptionsAreRejectedWithWhatWasExpected() {
        assertEquals("maxAttempts: 0 (expected: 1-10; 1 for no retries)",
                assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0)).getMessage());
        assertEquals("retryOnStatus: 302 (expected: 400-599, e.g. 503)",
                assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().retryOnStatus(302)).getMessage());
        assertEquals("replayLimit: -1 (expected: 0 or more bytes, e.g. 65536)",
                assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().replayLimit(-1)).getMessage());
        assertEquals("ratio: 1.5 (expected: 0.0-1.0, e.g. 0.2)", assertThrows(IllegalArgumentException.class,
                () -> RetryPolicy.builder().budget(1.5, 10, Duration.ofSeconds(10))).getMessage());
    }

    @Test
    void idempotentMethodsAreThoseOfRfc9110() {
        for (String method : new String[] {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"}) {
            assertTrue(RetryPolicy.idempotent(method), method);
        }
        for (String method : new String[] {"POST", "PATCH", "CONNECT", "get"}) {
            assertFalse(RetryPolicy.idempotent(method), method);
        }
    }

    /** A fixed-seed random source. */
    private static final class RandomGen implements java.util.random.RandomGenerator {
        private final SplittableRandom random = new SplittableRandom(1);

        @Override
        public long nextLong() {
            return random.nextLong();
        }
    }
}
