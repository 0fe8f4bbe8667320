package io.gatehouse.proxy.config;

import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimitKey;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.gatehouse.proxy.redis.FailMode;
import io.gatehouse.proxy.redis.SharedRedis;

/** {@link Sharing} through a {@link SharedRedis}; the only class here that names proxy-redis. */
final class RedisSharing implements Sharing {

    private final SharedRedis redis;
    private final FailMode failMode;

    private RedisSharing(SharedRedis redis, FailMode failMode) {
        this.redis = redis;
        this.failMode = failMode;
    }

    /**
     * Checks the settings without connecting.
     *
     * @throws IllegalArgumentException naming the field, as the builder does
     */
    static void check(String url, java.time.Duration commandTimeout, java.time.Duration retryInterval, String keyPrefix) {
        builder(url, commandTimeout, retryInterval, keyPrefix);
    }

    /** Connects (waiting about a second at most; Redis being down is not an error). */
    static Sharing open(String url, java.time.Duration commandTimeout, java.time.Duration retryInterval, String keyPrefix,
            boolean failClosed) {
        return new RedisSharing(builder(url, commandTimeout, retryInterval, keyPrefix).build(),
                failClosed ? FailMode.CLOSED : FailMode.OPEN);
    }

    private static SharedRedis.Builder builder(String url, java.time.Duration commandTimeout, java.time.Duration retryInterval,
            String keyPrefix) {
        SharedRedis.Builder b = SharedRedis.builder(url);
        if (commandTimeout != null) {
            b.commandTimeout(commandTimeout);
        }
        if (retryInterval != null) {
            b.retryInterval(retryInterval);
        }
        if (keyPrefix != null) {
            b.keyPrefix(keyPrefix);
        }
        return b;
    }

    @Override
    public RateLimiter tokenBucket(Quota quota, RateLimitKey key, String name) {
        SharedRedis.TokenBucketBuilder bucket = redis.tokenBucket(quota).key(key).failMode(failMode);
        if (name != null) {
            bucket.name(name);
        }
        return bucket.build();
    }

    @Override
    public HttpCache cache(HttpCache.Builder cache) {
        return redis.broadcastInvalidations(cache);
    }

    @Override
    public void close() {
        redis.close();
    }

    @Override
    public String toString() {
        return redis + ", rate limits fail " + failMode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
