package io.gatehouse.proxy.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry: exponential (initial × 2^(retry-1), capped) with a random
 * jitter of ± a share of it, so that clients failing together do not retry together. Immutable.
 */
public final class Backoff {

    private static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, 0);

    private final Duration initial;
    private final Duration max;
    private final double jitter;

    private Backoff(Duration initial, Duration max, double jitter) {
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
    }

    /** Exponential from {@code initial} up to {@code max}, with ± 20 % jitter. */
    public static Backoff exponential(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: a positive duration, e.g. 25 ms)");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: at least initial " + initial + ")");
        }
        return new Backoff(initial, max, 0.2);
    }

    /** No wait at all. */
    public static Backoff none() {
        return NONE;
    }

    /** The same back-off with ± {@code jitter} × delay of randomness (0 to 1). */
    public Backoff withJitter(double jitter) {
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0.0-1.0, e.g. 0.2)");
        }
        return new Backoff(initial, max, jitter);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @param random the jitter's source
     */
    public Duration delay(int retry, RandomGenerator random) {
        if (initial.isZero()) {
            return Duration.ZERO;
        }
        long base = initial.toNanos();
        long cap = max.toNanos();
        int shift = Math.min(Math.max(retry - 1, 0), 62);
        long nanos = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        if (jitter > 0) {
            double factor = 1 + jitter * (2 * random.nextDouble() - 1);
            nanos = Math.round(nanos * factor);
        }
        return Duration.ofNanos(Math.max(0, nanos));
    }

    @Override
    public String toString() {
        return this == NONE ? "Backoff[none]" : "Backoff[exponential " + initial + " to " + max + ", jitter " + jitter + "]";
    }
}
