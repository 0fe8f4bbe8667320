package io.gatehouse.proxy.ratelimit;

import io.gatehouse.proxy.http.RequestView;

/**
 * Takes a permit for a request, or says when to come back. The built-in is a local token
 * bucket per key ({@link RateLimiters#tokenBucket}); a limiter shared by several proxy
 * instances (e.g. on Redis) implements this interface and plugs into routes the same way.
 *
 * <p>Called once per request on the request thread, after access control; must be
 * thread-safe and must not block for long (a shared limiter should keep a local allowance and
 * settle with the store asynchronously). One instance used on several routes is one budget
 * shared by them; its state lives in the instance, so building a new configuration with the
 * same instance keeps every bucket.
 */
public interface RateLimiter {

    /** The policy name clients see in {@code RateLimit-Policy} and {@code RateLimit}; unique on a route. */
    String name();

    /**
     * Takes one permit for the request.
     *
     * @param request the client-to-proxy request; {@link RequestView#clientAddress()} is the resolved client
     * @param routeId the id of the route the request matched
     * @return the outcome, or null when the request is not subject to this limiter (its key is null)
     */
    RateLimitResult tryAcquire(RequestView request, String routeId);
}
