package io.gatehouse.proxy.config;

import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimitKey;
import io.gatehouse.proxy.ratelimit.RateLimiter;

/**
 * Where the file's rate limits and HTTP cache live when its {@code redis:} section shares them
 * with other instances (ADR 0012). Kept apart from {@link RedisSharing} so that proxy-redis is
 * needed on the class path only by files that have the section.
 */
interface Sharing extends AutoCloseable {

    /** A token bucket whose budget every instance on the same Redis draws from. */
    RateLimiter tokenBucket(Quota quota, RateLimitKey key, String name);

    /** The cache, its purges and invalidations broadcast to and applied from the other instances. */
    HttpCache cache(HttpCache.Builder cache);

    /** Closes the link; the limiters then follow their fail mode. */
    @Override
    void close();
}
