package io.gatehouse.proxy.jetty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for the cache under test that starts at the real time (so that the backends' real
 * {@code Date} headers agree with it) and moves only when a test advances it: entries become
 * stale without waiting.
 */
final class MutableClock extends Clock {

    private static final java.time.format.DateTimeFormatter HTTP_DATE =
            java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    /** Starts on a whole second, as {@code Date} headers are, so that a fresh response has an age of 0. */
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis() / 1000 * 1000);

    /** Moves the clock forward. */
    void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    /** The clock's time as an HTTP date (RFC 9110 §5.6.7), for a backend's {@code Date} header. */
    String httpDate() {
        return HTTP_DATE.format(instant().atZone(ZoneOffset.UTC));
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the cache reads UTC millis only");
    }
}
