package io.gatehouse.proxy.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock for tests that only moves when told to. */
final class TestClock extends Clock {

    private volatile long millis;

    TestClock(long millis) {
        this.millis = millis;
    }

    /** Moves the clock forward. */
    void advance(Duration d) {
        millis += d.toMillis();
    }

    void advanceSeconds(long seconds) {
        millis += seconds * 1000;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
