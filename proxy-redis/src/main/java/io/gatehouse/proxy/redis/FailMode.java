package io.gatehouse.proxy.redis;

/**
 * What a shared rate limit does while Redis does not answer in time (unreachable, restarting,
 * or slower than the command timeout).
 */
public enum FailMode {
    /**
     * Let requests through unlimited, without {@code RateLimit} headers: availability first
     * (the default). Each instance still has its concurrency limits and any local limiter.
     */
    OPEN,
    /**
     * Refuse requests with 429 and {@code Retry-After}: the limit first, for budgets that
     * protect something more precious than availability (a paid API, a fragile backend).
     */
    CLOSED
}
