package io.gatehouse.proxy.jetty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for the cache under test that starts at a fixed instant ({@link #START}, never the
 * calendar's today) and moves only when a test advances it: entries become stale without
 * waiting. Backends that answer through {@code CachingProxies.backend} write their {@code Date}
 * from this clock, so the cache sees no skew.
 */
final class MutableClock extends Clock {

    private static final java.time.format.DateTimeFormatter HTTP_DATE =
            java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    /**
     * Where every test clock starts: a whole second, as {@code Date} headers are (so a fresh
     * response has an age of 0), on a one-digit day of the month, which once broke the date parser.
     */
    static final Instant START = Instant.parse("2026-12-05T08:00:00Z");

    private final AtomicLong millis = new AtomicLong(START.toEpochMilli());

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
