package io.gatehouse.proxy.ratelimit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Shared pieces of the rate-limit tests: a route id and a clock the test moves. */
final class Fixtures {

    /** The id of the route the limiters are asked for. */
    static final String ROUTE = "r";

    private Fixtures() {
    }

    /** A nanosecond clock that only moves when told, starting near the wrap-around of {@code long}. */
    static final class Clock implements LongSupplier {

        private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - 5_000_000_000L);

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        void advanceMillis(long millis) {
            nanos.addAndGet(millis * 1_000_000L);
        }

        void advanceNanos(long delta) {
            nanos.addAndGet(delta);
        }
    }
}
