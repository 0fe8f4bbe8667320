package io.gatehouse.proxy.ratelimit;

import io.gatehouse.proxy.http.RequestView;

/**
 * Caps how many requests one key (by default, one client address) may have in flight at once.
 * The built-in is {@link RateLimiters#concurrency}; a shared implementation can plug in.
 */
public interface ConcurrencyLimiter {

    /** The policy name clients see in {@code RateLimit-Policy} (quota unit {@code concurrent-requests}). */
    String name();

    /** The most requests in flight per key. */
    int limit();

    /**
     * Takes a slot for the request.
     *
     * @param routeId the id of the route the request matched
     * @return a lease to close when the exchange ends, {@link Lease#none()} when the request is
     *     not subject to the limit (its key is null), or null when the key is at its limit
     */
    Lease tryAcquire(RequestView request, String routeId);

    /** Leases given back because their owner was collected without closing them: an adapter bug if not 0. */
    default long leakedLeases() {
        return 0;
    }
}
