package io.gatehouse.proxy.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the rate limits' Redis answers, for the limiters of one {@link SharedRedis}: logs
 * once when it stops answering and once when it answers again, and while it is down lets one
 * request try it per retry interval, so that a Redis that hangs (rather than refuses) costs
 * the other requests nothing.
 */
final class RedisHealth {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRedis.class);

    private final String where;
    private final long retryNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextTry = new AtomicLong();

    RedisHealth(String where, long retryNanos, LongSupplier nanoTime) {
        this.where = where;
        this.retryNanos = retryNanos;
        this.nanoTime = nanoTime;
    }

    /** Whether this request may ask Redis: always while it is up; one request per retry interval while it is down. */
    boolean mayTry() {
        if (!down.get()) {
            return true;
        }
        long now = nanoTime.getAsLong();
        long next = nextTry.get();
        return now - next >= 0 && nextTry.compareAndSet(next, now + retryNanos);
    }

    /** Redis answered. */
    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("Redis at {} answers again: shared rate limits are enforced again", where);
        }
    }

    /** Redis did not answer in time, refused, or is not connected. */
    void failed(Throwable cause) {
        if (!down.get() && down.compareAndSet(false, true)) {
            nextTry.set(nanoTime.getAsLong() + retryNanos);
            LOG.warn("Redis at {} does not answer ({}): shared rate limits fail open or closed as each is configured,"
                    + " trying again every {} ms", where, describe(cause), retryNanos / 1_000_000);
        }
    }

    /** Whether Redis is taken to be down. */
    boolean isDown() {
        return down.get();
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "not connected";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
