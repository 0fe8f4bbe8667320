package io.gatehouse.proxy.ratelimit;

import io.gatehouse.proxy.access.Verdict;
import java.util.Map;

/**
 * What the rate-limit stage decided for a request: refused (a 429 with {@code Retry-After} and
 * the rate-limit headers), or admitted with a lease to hold while the request is in flight and
 * the rate-limit header values for the response.
 *
 * @param denial the refusal, or null when admitted
 * @param lease the concurrency slot held (never null; {@link Lease#none()} when refused or unlimited)
 * @param policy the {@code RateLimit-Policy} value for the proxy-to-client response of an
 *     admitted request, or null when no limiter applies
 * @param limit the {@code RateLimit} value for that response, or null
 */
public record Admission(Verdict.Deny denial, Lease lease, String policy, String limit) {

    private static final Admission UNLIMITED = new Admission(null, Lease.none(), null, null);

    /** An admission without limits, lease or headers. */
    public static Admission unlimited() {
        return UNLIMITED;
    }

    /** Whether the request may go on. */
    public boolean admitted() {
        return denial == null;
    }

    /** {@code RateLimit-Policy} and {@code RateLimit} as a map (empty when no limiter applies). */
    public Map<String, String> responseHeaders() {
        if (policy == null) {
            return Map.of();
        }
        return limit == null ? Map.of(RateLimitHeaders.POLICY, policy)
                : Map.of(RateLimitHeaders.POLICY, policy, RateLimitHeaders.LIMIT, limit);
    }
}
