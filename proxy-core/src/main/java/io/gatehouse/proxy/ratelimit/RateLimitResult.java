package io.gatehouse.proxy.ratelimit;

/**
 * The outcome of taking a permit from a {@link RateLimiter}, with what the client is told in
 * the {@code RateLimit-Policy} and {@code RateLimit} headers
 * (draft-ietf-httpapi-ratelimit-headers-11).
 *
 * @param policy the limiter's name, the policy item's key
 * @param allowed whether the request may go on
 * @param quota the {@code q} of the policy: quota units per window
 * @param windowSeconds the {@code w} of the policy, in seconds
 * @param remaining the {@code r}: permits left after this request (0 when refused)
 * @param resetNanos when allowed, nanoseconds until one more permit is available (the
 *     {@code t}, the effective window); when refused, nanoseconds until a request can pass
 */
public record RateLimitResult(String policy, boolean allowed, long quota, long windowSeconds, long remaining,
                              long resetNanos) {

    /** {@link #resetNanos()} rounded up to whole seconds: the {@code t} parameter. */
    public long resetSeconds() {
        return ceilSeconds(resetNanos);
    }

    /** The {@code Retry-After} delay in whole seconds (RFC 9110 §10.2.3), rounded up, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(resetNanos));
    }

    static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos - 1) / 1_000_000_000L + 1;
    }
}
