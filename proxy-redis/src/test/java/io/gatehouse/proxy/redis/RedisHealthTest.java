package io.gatehouse.proxy.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** While Redis is down, one request per retry interval asks it; the others do not wait on it. Fake clock. */
class RedisHealthTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final RedisHealth health = new RedisHealth("127.0.0.1:6379", SECOND, now::get);

    @Test
    void upEveryRequestAsks() {
        for (int i = 0; i < 3; i++) {
            assertTrue(health.mayTry());
        }
    }

    @Test
    void downOneRequestPerRetryIntervalAsksUntilRedisAnswers() {
        health.failed(new TimeoutException());
        assertTrue(health.isDown());
        assertFalse(health.mayTry(), "right after the failure");
        now.addAndGet(SECOND - 1);
        assertFalse(health.mayTry());
        now.addAndGet(1);
        assertTrue(health.mayTry(), "the probe");
        assertFalse(health.mayTry(), "only one probe per interval");
        health.failed(new TimeoutException()); // the probe failed too: still down, the interval goes on
        now.addAndGet(SECOND);
        assertTrue(health.mayTry(), "the next probe");
        health.succeeded();
        assertFalse(health.isDown());
        assertTrue(health.mayTry());
        assertTrue(health.mayTry());
    }
}
