package io.gatehouse.proxy.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * Keeps retries under a share of requests over a sliding window, plus a small floor, so that a
 * sick cluster is not hammered by retry storms (Finagle's and Linkerd's retry budget): a retry is
 * allowed while {@code retries + 1 <= ratio × requests + minRetriesPerSecond × window seconds},
 * both counted over the last window.
 *
 * <p>Lock-free: the window is ten buckets of counters in a ring, each stamped with its time
 * slot; a stale bucket is replaced when first touched. Under heavy concurrency a few retries may
 * pass over the limit (the check and the count are two steps); the budget is a bound on storms,
 * not an exact quota.
 */
public final class RetryBudget {

    /** Default share of requests that may be retried. */
    public static final double DEFAULT_RATIO = 0.2;
    /** Default retries allowed per second whatever the traffic. */
    public static final int DEFAULT_MIN_RETRIES_PER_SECOND = 10;
    /** Default length of the sliding window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    static final int BUCKETS = 10;

    private static final class Bucket {
        final long slot;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong retries = new AtomicLong();

        Bucket(long slot) {
            this.slot = slot;
        }
    }

    private final double ratio;
    private final double floor;
    private final long bucketNanos;
    private final LongSupplier clock;
    private final AtomicReferenceArray<Bucket> ring = new AtomicReferenceArray<>(BUCKETS);

    private RetryBudget(double ratio, int minRetriesPerSecond, Duration window, LongSupplier clock) {
        this.ratio = ratio;
        this.floor = minRetriesPerSecond * (window.toNanos() / 1e9);
        this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
        this.clock = clock;
    }

    /**
     * A budget.
     *
     * @param ratio the share of requests that may be retried (0.2: one retry per five requests)
     * @param minRetriesPerSecond retries allowed per second whatever the traffic (the floor)
     * @param window the sliding window both are counted over
     * @param nanoClock monotonic nanoseconds
     */
    public static RetryBudget of(double ratio, int minRetriesPerSecond, Duration window, LongSupplier nanoClock) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio: " + ratio + " (expected: 0.0-1.0, e.g. 0.2)");
        }
        if (minRetriesPerSecond < 0) {
            throw new IllegalArgumentException("minRetriesPerSecond: " + minRetriesPerSecond + " (expected: 0 or more)");
        }
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < BUCKETS) {
            throw new IllegalArgumentException("window: " + window + " (expected: at least 10 ms, e.g. 10 s)");
        }
        return new RetryBudget(ratio, minRetriesPerSecond, window, Objects.requireNonNull(nanoClock, "nanoClock"));
    }

    /** Counts one request (a first attempt). */
    public void recordRequest() {
        bucket(clock.getAsLong()).requests.incrementAndGet();
    }

    /** Takes one retry from the budget if it allows one; false when the budget is spent. */
    public boolean tryRetry() {
        long now = clock.getAsLong();
        long slot = Math.floorDiv(now, bucketNanos);
        long requests = 0;
        long retries = 0;
        for (int i = 0; i < BUCKETS; i++) {
            Bucket b = ring.get(i);
            if (b != null && slot - b.slot < BUCKETS && slot - b.slot >= 0) {
                requests += b.requests.get();
                retries += b.retries.get();
            }
        }
        if (retries + 1 > floor + ratio * requests) {
            return false;
        }
        bucket(now).retries.incrementAndGet();
        return true;
    }

    /** Requests counted in the current window. */
    public long requests() {
        return sum(true);
    }

    /** Retries taken in the current window. */
    public long retries() {
        return sum(false);
    }

    private long sum(boolean requests) {
        long slot = Math.floorDiv(clock.getAsLong(), bucketNanos);
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            Bucket b = ring.get(i);
            if (b != null && slot - b.slot < BUCKETS && slot - b.slot >= 0) {
                total += requests ? b.requests.get() : b.retries.get();
            }
        }
        return total;
    }

    private Bucket bucket(long now) {
        long slot = Math.floorDiv(now, bucketNanos);
        int index = (int) Math.floorMod(slot, (long) BUCKETS);
        while (true) {
            Bucket b = ring.get(index);
            if (b != null && b.slot == slot) {
                return b;
            }
            if (b != null && b.slot > slot) {
                return b; // a racing thread saw a later slot; count there
            }
            Bucket fresh = new Bucket(slot);
            if (ring.compareAndSet(index, b, fresh)) {
                return fresh;
            }
        }
    }

    @Override
    public String toString() {
        return "RetryBudget[" + Math.round(ratio * 100) + "% of requests + " + floor + " per window]";
    }
}
