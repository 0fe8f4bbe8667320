package io.gatehouse.proxy.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.http.RequestView;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per key, each one {@code long} updated by compare-and-set: the generic cell
 * rate algorithm (GCRA), the token bucket written as a "theoretical arrival time".
 *
 * <p>With emission interval {@code T} (nanoseconds per permit) and tolerance
 * {@code τ = burst × T}, a bucket stores {@code tat}, the time at which it would be full again.
 * A request at {@code now} moves it to {@code max(tat, now) + T}; it passes when that is at most
 * {@code now + τ}. The permits left are {@code (τ − (tat − now)) / T}. One CAS per request, no
 * lock, no background refill.
 *
 * <p>Buckets live in a Caffeine cache bounded to {@code maxKeys} (its W-TinyLFU admission keeps
 * busy keys when a flood of new ones arrives) and expire after {@code τ} without requests: a
 * bucket idle that long is full, so forgetting it changes nothing.
 */
final class TokenBucketLimiter implements RateLimiter {

    /** {@code tat} of a bucket that has never been used: full. */
    private static final long NEW = Long.MIN_VALUE;

    private final String name;
    private final Quota quota;
    private final RateLimitKey key;
    private final LongSupplier nanoTime;
    private final long interval;
    private final long tolerance;
    private final long policyQuota;
    private final long policyWindow;
    private final Cache<String, AtomicLong> buckets;

    TokenBucketLimiter(String name, Quota quota, RateLimitKey key, int maxKeys, LongSupplier nanoTime, Executor executor) {
        this.name = name;
        this.quota = quota;
        this.key = key;
        this.nanoTime = nanoTime;
        this.interval = quota.nanosPerPermit();
        this.tolerance = quota.burst() * interval;
        this.policyQuota = quota.policyQuota();
        this.policyWindow = quota.policyWindowSeconds();
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(Math.max(tolerance, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS)
                .ticker(nanoTime::getAsLong);
        if (executor != null) {
            builder.executor(executor);
        }
        this.buckets = builder.build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RateLimitResult tryAcquire(RequestView request, Route route) {
        String bucketKey = key.of(request, route);
        if (bucketKey == null) {
            return null;
        }
        AtomicLong bucket = buckets.get(bucketKey, k -> new AtomicLong(NEW));
        long now = nanoTime.getAsLong();
        while (true) {
            long tat = bucket.get();
            long start = tat == NEW || tat - now < 0 ? now : tat;
            long next = start + interval;
            long debt = next - now;
            if (debt > tolerance) {
                return new RateLimitResult(name, false, policyQuota, policyWindow, 0, debt - tolerance);
            }
            if (bucket.compareAndSet(tat, next)) {
                long remaining = (tolerance - debt) / interval;
                // the next permit comes when the debt has shrunk to τ − (remaining + 1) × T
                long untilNext = debt - (tolerance - (remaining + 1) * interval);
                return new RateLimitResult(name, true, policyQuota, policyWindow, remaining, untilNext);
            }
        }
    }

    /** Buckets currently kept (for tests and metrics); approximate while requests run. */
    long bucketCount() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    @Override
    public String toString() {
        return "tokenBucket(" + name + ": " + quota + ")";
    }
}
