package io.gatehouse.proxy.redis;

import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimitKey;
import io.gatehouse.proxy.ratelimit.RateLimitResult;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.RemoteAsyncBucketBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A token bucket per key kept in Redis by Bucket4j, shared by every instance that uses the
 * same Redis, key prefix and limiter name: the same quota, keys and {@code RateLimit} headers
 * as the local {@code RateLimiters.tokenBucket}, one budget for the whole cluster.
 *
 * <p>Each request takes its permit with Bucket4j's compare-and-swap on the bucket's Redis key
 * (a {@code GET} and a Lua {@code EVAL}, asynchronous) and waits for the answer at most the
 * command timeout; when Redis does not answer in time, or is down, the request is let through
 * or refused as the {@link FailMode} says, and {@link RedisHealth} keeps the next ones from
 * waiting on it too.
 */
final class RedisRateLimiter implements RateLimiter {

    private final SharedRedis redis;
    private final String name;
    private final Quota quota;
    private final RateLimitKey key;
    private final FailMode failMode;
    private final String keyPrefix;
    /** The bucket's configuration, for Bucket4j to store with a bucket it creates. */
    private final Supplier<CompletableFuture<BucketConfiguration>> configuration;
    private final long timeoutNanos;
    private final long policyQuota;
    private final long policyWindow;
    private final long interval;

    RedisRateLimiter(SharedRedis redis, String name, Quota quota, RateLimitKey key, FailMode failMode) {
        this.redis = redis;
        this.name = name;
        this.quota = quota;
        this.key = key;
        this.failMode = failMode;
        this.keyPrefix = redis.keyPrefix() + "rl:" + name + ":";
        CompletableFuture<BucketConfiguration> bucket = CompletableFuture.completedFuture(BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(quota.burst()).refillGreedy(quota.permits(), quota.period()))
                .build());
        this.configuration = () -> bucket;
        this.timeoutNanos = redis.commandTimeoutNanos();
        this.policyQuota = quota.policyQuota();
        this.policyWindow = quota.policyWindowSeconds();
        this.interval = quota.nanosPerPermit();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RateLimitResult tryAcquire(RequestView request, String routeId) {
        String bucketKey = key.of(request, routeId);
        if (bucketKey == null) {
            return null;
        }
        RedisHealth health = redis.health();
        RemoteAsyncBucketBuilder<String> buckets = redis.buckets();
        if (buckets == null || !health.mayTry()) {
            if (buckets == null) {
                health.failed(null);
            }
            return unavailable();
        }
        CompletableFuture<ConsumptionProbe> answer = null;
        try {
            answer = buckets.build(keyPrefix + bucketKey, configuration).tryConsumeAndReturnRemaining(1);
            ConsumptionProbe probe = answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
            health.succeeded();
            return result(probe);
        } catch (TimeoutException e) {
            answer.cancel(false);
            health.failed(e);
        } catch (ExecutionException e) {
            health.failed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            health.failed(e);
        }
        return unavailable();
    }

    private RateLimitResult result(ConsumptionProbe probe) {
        if (!probe.isConsumed()) {
            return new RateLimitResult(name, false, policyQuota, policyWindow, 0, probe.getNanosToWaitForRefill());
        }
        long remaining = probe.getRemainingTokens();
        // full in "reset"; one more permit when the tokens missing beyond remaining + 1 are all that is left to refill
        long untilNext = probe.getNanosToWaitForReset() - (quota.burst() - remaining - 1) * interval;
        return new RateLimitResult(name, true, policyQuota, policyWindow, remaining, Math.max(0, untilNext));
    }

    /** Redis did not answer: nothing to say (open), or come back after the retry interval (closed). */
    private RateLimitResult unavailable() {
        return failMode == FailMode.OPEN ? null
                : new RateLimitResult(name, false, policyQuota, policyWindow, 0, redis.retryIntervalNanos());
    }

    @Override
    public String toString() {
        return "redisTokenBucket(" + name + ": " + quota + ", fail " + failMode.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
