/**
 * Rate limiting, stage 3 of {@link io.gatehouse.proxy.engine.ProxyEngine#decide}, after access
 * control: token buckets per key ({@link io.gatehouse.proxy.ratelimit.RateLimiters#tokenBucket},
 * keyed by {@link io.gatehouse.proxy.ratelimit.RateLimitKey} — client address, header, route
 * or any function) and a per-key limit of requests in flight
 * ({@link io.gatehouse.proxy.ratelimit.RateLimiters#concurrency}), both behind interfaces a
 * shared limiter can implement. {@link io.gatehouse.proxy.ratelimit.RateLimitGate} runs a
 * route's limiters: over a limit, the request is answered with 429, {@code Retry-After} and
 * the {@code RateLimit-Policy} / {@code RateLimit} headers; admitted, it carries a
 * {@link io.gatehouse.proxy.ratelimit.Lease} that the adapter gives back when the exchange ends.
 */
package io.gatehouse.proxy.ratelimit;
