package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A monotonic nanosecond clock for tests that only moves when told to. */
public final class FakeClock implements LongSupplier {

    private long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    /** Moves the clock forward. */
    public FakeClock advance(Duration duration) {
        nanos += duration.toNanos();
        return this;
    }
}
