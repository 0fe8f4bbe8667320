package io.gatehouse.proxy.redis;

import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.cache.Invalidation;
import io.gatehouse.proxy.cache.InvalidationListener;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one instance's {@link HttpCache} in step with the other instances' through a Redis
 * channel: publishes what this cache removes ({@link InvalidationListener}) and applies what
 * the others publish ({@link HttpCache#apply}, which does not publish again).
 *
 * <p>Pub/sub delivers at most once: a message sent while this instance's subscription was
 * down is lost. So the cache is dropped whenever the subscription goes down and again when it
 * is back (Lettuce subscribes again by itself after reconnecting): an instance that may have
 * missed a purge serves nothing it cannot trust. What this instance could not publish waits
 * (up to {@value #MAX_PENDING} invalidations; beyond that, a purge of everything) and is sent
 * when the link is back.
 */
final class InvalidationBroadcast extends RedisPubSubAdapter<String, String>
        implements InvalidationListener, RedisConnectionStateListener {

    /** Invalidations kept while they cannot be published; more, and everything is purged everywhere instead. */
    static final int MAX_PENDING = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationBroadcast.class);

    private final SharedRedis redis;
    private final String channel;
    private final String origin = UUID.randomUUID().toString().substring(0, 13);
    private final Queue<Invalidation> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean overflow = new AtomicBoolean();
    private final AtomicBoolean unsubscribed = new AtomicBoolean(true);
    private final AtomicBoolean publishFailing = new AtomicBoolean();
    private final AtomicBoolean everSubscribed = new AtomicBoolean();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile HttpCache cache;

    InvalidationBroadcast(SharedRedis redis, String channel) {
        this.redis = redis;
        this.channel = channel;
    }

    /** The cache this broadcast applies to; set once, right after it is built. */
    void attach(HttpCache cache) {
        this.cache = cache;
    }

    String channel() {
        return channel;
    }

    // ---- this instance's removals, to the others

    @Override
    public void onInvalidation(Invalidation invalidation) {
        if (!publish(invalidation)) {
            keep(invalidation);
        }
    }

    /** Sends one invalidation, asynchronously; false when there is no link to send it on. */
    private boolean publish(Invalidation invalidation) {
        StatefulRedisConnection<String, byte[]> connection = redis.commands();
        if (connection == null || !connection.isOpen()) {
            publishFailed(null);
            return false;
        }
        byte[] message = new InvalidationMessage(origin, invalidation).encode().getBytes(StandardCharsets.UTF_8);
        connection.async().publish(channel, message).whenComplete((receivers, failure) -> {
            if (failure != null) {
                publishFailed(failure);
                keep(invalidation);
            } else {
                if (publishFailing.compareAndSet(true, false)) {
                    LOG.info("Cache invalidations are published on Redis channel {} again", channel);
                }
                if (pendingCount.get() > 0 || overflow.get()) {
                    flush();
                }
            }
        });
        return true;
    }

    private void publishFailed(Throwable failure) {
        if (publishFailing.compareAndSet(false, true)) {
            LOG.warn("Cannot publish cache invalidations on Redis channel {} ({}): they are kept and sent when Redis"
                    + " answers again", channel, RedisHealth.describe(failure));
        }
    }

    /**
     * Keeps an invalidation that could not be published and tries again a retry interval later
     * (removals commute: the order they arrive in does not matter).
     */
    private void keep(Invalidation invalidation) {
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            overflow.set(true);
        } else {
            pending.add(invalidation);
        }
        if (flushScheduled.compareAndSet(false, true)) {
            redis.retryLater(() -> {
                flushScheduled.set(false);
                flush();
            });
        }
    }

    /** Sends what waited: everything, or one purge of everything when too much waited. */
    void flush() {
        if (overflow.getAndSet(false)) {
            pending.clear();
            pendingCount.set(0);
            if (!publish(Invalidation.all())) {
                keep(Invalidation.all());
            }
            return;
        }
        Invalidation next;
        while ((next = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            if (!publish(next)) {
                keep(next);
                return;
            }
        }
    }

    // ---- the others' removals, to this instance

    @Override
    public void message(String channel, String message) {
        HttpCache target = cache;
        InvalidationMessage received = InvalidationMessage.decode(message);
        if (target == null || received == null || received.origin().equals(origin)) {
            return;
        }
        target.apply(received.invalidation());
    }

    @Override
    public void subscribed(String channel, long count) {
        boolean again = unsubscribed.getAndSet(false);
        HttpCache target = cache;
        if (again && target != null) {
            long dropped = target.apply(Invalidation.all());
            if (everSubscribed.getAndSet(true)) {
                LOG.info("Subscribed again to cache invalidations on Redis channel {}: dropped the {} cached URIs that may"
                        + " have missed some", channel, dropped);
            } else {
                LOG.info("Subscribed to cache invalidations on Redis channel {}", channel);
            }
        }
        flush();
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!unsubscribed.getAndSet(true) && !redis.isClosed()) {
            HttpCache target = cache;
            long dropped = target == null ? 0 : target.apply(Invalidation.all());
            LOG.warn("Lost the subscription to cache invalidations on Redis channel {}: dropped the {} cached URIs, and will"
                    + " again when it is back", channel, dropped);
        }
    }
}
