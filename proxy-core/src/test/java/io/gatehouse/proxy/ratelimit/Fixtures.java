package io.gatehouse.proxy.ratelimit;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Shared pieces of the rate-limit tests: a route and a clock the test moves. */
final class Fixtures {

    /** A route {@code r} (prefix {@code /}) to group {@code g}. */
    static final Route ROUTE = ProxyConfig.builder()
            .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001"))
            .route("r", r -> r.to("g"))
            .build()
            .routes()
            .get(0);

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
