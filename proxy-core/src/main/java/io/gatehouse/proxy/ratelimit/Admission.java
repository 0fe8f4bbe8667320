package io.gatehouse.proxy.ratelimit;

import io.gatehouse.proxy.access.Verdict;
import java.util.Map;

/**
 * What the rate-limit stage decided for a request: refused (a 429 with {@code Retry-After} and
 * the rate-limit headers), or admitted with a lease to hold while the request is in flight and
 * the rate-limit headers to add to the response.
 *
 * @param denial the refusal, or null when admitted
 * @param lease the concurrency slot held (never null; {@link Lease#none()} when refused or unlimited)
 * @param responseHeaders {@code RateLimit-Policy} / {@code RateLimit} for the proxy-to-client
 *     response of an admitted request (empty when no limiter applies)
 */
public record Admission(Verdict.Deny denial, Lease lease, Map<String, String> responseHeaders) {

    private static final Admission UNLIMITED = new Admission(null, Lease.none(), Map.of());

    /** An admission without limits, lease or headers. */
    public static Admission unlimited() {
        return UNLIMITED;
    }

    /** Whether the request may go on. */
    public boolean admitted() {
        return denial == null;
    }
}
