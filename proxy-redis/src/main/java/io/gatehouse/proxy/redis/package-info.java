/**
 * Several Gatehouse instances behind one load balancer acting as one proxy, through the Redis
 * they share ({@link io.gatehouse.proxy.redis.SharedRedis}): token-bucket rate limits whose
 * budget is the cluster's, not each instance's (Bucket4j's compare-and-swap buckets on
 * Lettuce, implementing proxy-core's {@code RateLimiter}), and cache purges and RFC 9111 §4.4
 * invalidations published on a channel and applied by every instance (proxy-core's
 * {@code InvalidationListener} and {@code HttpCache.apply}). When Redis does not answer, rate
 * limits fail open or closed ({@link io.gatehouse.proxy.redis.FailMode}) without making
 * requests wait, and caches drop what they can no longer trust. See ADR 0012 and
 * docs/multi-instance.md.
 */
package io.gatehouse.proxy.redis;
