package io.gatehouse.proxy.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast a token bucket refills and how much it holds: {@code permits} per {@code period},
 * and a burst (the bucket's capacity, default: {@code permits}). Immutable.
 *
 * <pre>{@code
 * Quota.perSecond(10)                 // 10 requests a second, at most 10 at once
 * Quota.perMinute(600).burst(50)      // 10 a second on average, at most 50 at once
 * Quota.of(5, Duration.ofMillis(100)) // 50 a second, at most 5 at once
 * }</pre>
 */
public final class Quota {

    private final long permits;
    private final Duration period;
    private final long burst;
    private final long nanosPerPermit;

    private Quota(long permits, Duration period, long burst) {
        this.permits = permits;
        this.period = period;
        this.burst = burst;
        this.nanosPerPermit = period.toNanos() / permits;
    }

    /** {@code permits} per second. */
    public static Quota perSecond(long permits) {
        return of(permits, Duration.ofSeconds(1));
    }

    /** {@code permits} per minute. */
    public static Quota perMinute(long permits) {
        return of(permits, Duration.ofMinutes(1));
    }

    /**
     * {@code permits} per {@code period}, with a burst of {@code permits}.
     *
     * @throws IllegalArgumentException if permits is below 1, the period is not positive or
     *     longer than a year, or a permit would come more often than once a nanosecond
     */
    public static Quota of(long permits, Duration period) {
        Objects.requireNonNull(period, "period");
        if (permits < 1) {
            throw new IllegalArgumentException("permits: " + permits + " (expected: 1 or more)");
        }
        if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("period: " + period + " (expected: a positive duration of at most a year)");
        }
        if (period.toNanos() / permits < 1) {
            throw new IllegalArgumentException("permits: " + permits + " per " + period
                    + " (expected: at most one permit per nanosecond)");
        }
        return new Quota(permits, period, permits);
    }

    /**
     * The same rate with another burst: how many requests may come at once after a quiet
     * spell.
     *
     * @throws IllegalArgumentException if burst is below 1 or so large the bucket would take
     *     more than about 290 years to fill
     */
    public Quota burst(long burst) {
        if (burst < 1 || burst > Long.MAX_VALUE / 2 / nanosPerPermit) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: 1 to " + Long.MAX_VALUE / 2 / nanosPerPermit + ")");
        }
        return new Quota(permits, period, burst);
    }

    /** Permits added per {@link #period()}. */
    public long permits() {
        return permits;
    }

    /** The period over which {@link #permits()} are added. */
    public Duration period() {
        return period;
    }

    /** The bucket's capacity: the most requests allowed at once. */
    public long burst() {
        return burst;
    }

    /** Nanoseconds between two permits (the emission interval), rounded down. */
    public long nanosPerPermit() {
        return nanosPerPermit;
    }

    /**
     * The quota as the {@code q} of a {@code RateLimit-Policy} item: {@link #permits()}, or,
     * for periods shorter than a second, the permits per second.
     */
    public long policyQuota() {
        return period.compareTo(Duration.ofSeconds(1)) >= 0 ? permits : Math.max(1, 1_000_000_000L / nanosPerPermit);
    }

    /** The window as the {@code w} of a {@code RateLimit-Policy} item: whole seconds, at least 1. */
    public long policyWindowSeconds() {
        long nanos = period.toNanos();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quota that && permits == that.permits && burst == that.burst && period.equals(that.period);
    }

    @Override
    public int hashCode() {
        return Objects.hash(permits, period, burst);
    }

    @Override
    public String toString() {
        return permits + " per " + period + ", burst " + burst;
    }
}
