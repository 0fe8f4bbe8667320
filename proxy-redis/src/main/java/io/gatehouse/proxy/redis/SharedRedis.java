package io.gatehouse.proxy.redis;

import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimitKey;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.RemoteAsyncBucketBuilder;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One Gatehouse instance's link to the Redis that several instances share: the source of
 * {@linkplain #tokenBucket shared rate limits} (Bucket4j on Lettuce) and of
 * {@linkplain #broadcastInvalidations cache invalidations heard by every instance} (pub/sub).
 * Build one per instance, use it for all its limiters and its cache, close it on shutdown.
 *
 * <pre>{@code
 * SharedRedis redis = SharedRedis.builder("redis://10.0.0.5:6379")
 *     .commandTimeout(Duration.ofMillis(50)).build();
 * RateLimiter perClient = redis.tokenBucket(Quota.perSecond(100)).name("api").failMode(FailMode.OPEN).build();
 * HttpCache cache = redis.broadcastInvalidations(HttpCache.builder().maximumSize(256L << 20));
 * ProxyConfig config = ProxyConfig.builder().httpCache(cache)
 *     .route("api", r -> r.pathPrefix("/api").rateLimit(perClient).cache(CachePolicy.rfc9111()).to("app"))
 *     ...
 * }</pre>
 *
 * <p>Redis being down never stops the proxy: {@link Builder#build()} waits for the first
 * connection at most a second, then keeps trying in the background; Lettuce reconnects by
 * itself after a connection is lost, at most a retry interval apart. Meanwhile rate limits
 * follow their {@link FailMode} and the cache drops what it can no longer trust. No request
 * waits on Redis longer than the command timeout.
 */
public final class SharedRedis implements AutoCloseable {

    /** Default longest wait of a request on Redis. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(100);
    /** Default longest time between two attempts to reach a Redis that is down. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
    /** Default prefix of every Redis key and channel this uses. */
    public static final String DEFAULT_KEY_PREFIX = "gatehouse:";

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** How long a bucket's key outlives the time its bucket takes to fill up again (clocks of instances differ a little). */
    private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(5);

    private final RedisURI redisUri;
    private final String where;
    private final Duration commandTimeout;
    private final long retryNanos;
    private final String keyPrefix;
    private final TimeMeter clock;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisHealth health;
    private final List<InvalidationBroadcast> broadcasts = new CopyOnWriteArrayList<>();
    private final List<StatefulRedisPubSubConnection<String, String>> subscriptions = new CopyOnWriteArrayList<>();
    private volatile StatefulRedisConnection<String, byte[]> commands;
    private volatile RemoteAsyncBucketBuilder<String> buckets;
    private volatile boolean closed;

    private SharedRedis(Builder b) {
        this.redisUri = b.redisUri;
        this.where = b.redisUri.getHost() + ":" + b.redisUri.getPort();
        this.commandTimeout = b.commandTimeout;
        this.retryNanos = b.retryInterval.toNanos();
        this.keyPrefix = b.keyPrefix;
        LongSupplier epochNanos = b.epochNanos;
        this.clock = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return epochNanos.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), b.retryInterval, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // a request never queues behind a reconnection: it fails at once and follows its fail mode
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .build());
        this.health = new RedisHealth(where, retryNanos, System::nanoTime);
    }

    /**
     * A builder for the Redis at {@code uri}, e.g. {@code redis://127.0.0.1:6379},
     * {@code redis://:password@host:6379/0} or {@code rediss://host:6380} (TLS).
     *
     * @throws IllegalArgumentException when {@code uri} is not a Redis URI
     */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /**
     * A token bucket shared by every instance on this Redis: as
     * {@link io.gatehouse.proxy.ratelimit.RateLimiters#tokenBucket}, by default named
     * {@code default}, keyed by client address, failing open.
     */
    public TokenBucketBuilder tokenBucket(Quota quota) {
        return new TokenBucketBuilder(this, Objects.requireNonNull(quota, "quota"));
    }

    /**
     * Builds a cache whose purges and unsafe-method invalidations reach every instance that
     * broadcasts on this Redis, and which applies theirs; it drops everything it holds when
     * its subscription is lost and again when it is back, since it may have missed some.
     * The builder's own {@code invalidationListener} is replaced.
     */
    public HttpCache broadcastInvalidations(HttpCache.Builder cache) {
        Objects.requireNonNull(cache, "cache");
        InvalidationBroadcast broadcast = new InvalidationBroadcast(this, keyPrefix + "invalidations");
        HttpCache built = cache.invalidationListener(broadcast).build();
        broadcast.attach(built);
        broadcasts.add(broadcast);
        waitBriefly(subscribe(broadcast));
        return built;
    }

    /** Closes the connections and Lettuce's threads; the limiters then follow their fail mode. */
    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, byte[]> connection = commands;
        if (connection != null) {
            connection.close();
        }
        subscriptions.forEach(StatefulRedisPubSubConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "Redis at " + where + (keyPrefix.equals(DEFAULT_KEY_PREFIX) ? "" : " (keys " + keyPrefix + "*)");
    }

    // ---- for the limiters and broadcasts

    RedisHealth health() {
        return health;
    }

    /** Bucket4j's builder of bucket proxies on the current connection, or null while there is none. */
    RemoteAsyncBucketBuilder<String> buckets() {
        return buckets;
    }

    StatefulRedisConnection<String, byte[]> commands() {
        return commands;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    boolean isClosed() {
        return closed;
    }

    long commandTimeoutNanos() {
        return commandTimeout.toNanos();
    }

    long retryIntervalNanos() {
        return retryNanos;
    }

    // ---- connecting, until it works

    private SharedRedis start() {
        waitBriefly(connectCommands());
        return this;
    }

    private CompletableFuture<?> connectCommands() {
        CompletableFuture<?> done = new CompletableFuture<>();
        client.connectAsync(CODEC, redisUri).whenComplete((connection, failure) -> {
            if (failure != null) {
                health.failed(failure);
                retryLater(this::connectCommands);
                done.complete(null);
                return;
            }
            if (closed) {
                connection.closeAsync();
                return;
            }
            buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .clientClock(clock)
                    .requestTimeout(commandTimeout)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS))
                    .build()
                    .asAsync()
                    .builder();
            commands = connection;
            health.succeeded();
            broadcasts.forEach(InvalidationBroadcast::flush);
            done.complete(null);
        });
        return done;
    }

    private CompletableFuture<?> subscribe(InvalidationBroadcast broadcast) {
        CompletableFuture<?> done = new CompletableFuture<>();
        client.connectPubSubAsync(StringCodec.UTF8, redisUri).whenComplete((connection, failure) -> {
            if (failure != null) {
                retryLater(() -> subscribe(broadcast));
                done.complete(null);
                return;
            }
            if (closed) {
                connection.closeAsync();
                return;
            }
            subscriptions.add(connection);
            connection.addListener((RedisPubSubListener<String, String>) broadcast);
            connection.addListener((RedisConnectionStateListener) broadcast);
            connection.async().subscribe(broadcast.channel()).whenComplete((ok, e) -> done.complete(null));
        });
        return done;
    }

    /** Runs {@code attempt} a retry interval from now, on Lettuce's event executors, unless closed by then. */
    void retryLater(Runnable attempt) {
        if (!closed) {
            resources.eventExecutorGroup().schedule(() -> {
                if (!closed) {
                    attempt.run();
                }
            }, retryNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static void waitBriefly(CompletableFuture<?> attempt) {
        try {
            attempt.get(CONNECT_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not connected yet: the attempts go on in the background
        }
    }

    /** Builds a {@link SharedRedis}; each setter checks its argument at once. */
    public static final class Builder {

        private final RedisURI redisUri;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private LongSupplier epochNanos = () -> System.currentTimeMillis() * 1_000_000L;

        private Builder(String uri) {
            Objects.requireNonNull(uri, "uri");
            RedisURI parsed;
            try {
                parsed = RedisURI.create(uri);
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (parsed == null || !uri.contains("://") || parsed.getHost() == null || parsed.getHost().isEmpty()) {
                // the value is not repeated: it may hold a password
                throw new IllegalArgumentException("uri: not a Redis URI (expected: redis://host:port, e.g."
                        + " redis://127.0.0.1:6379, or rediss://host:port for TLS)");
            }
            this.redisUri = parsed;
        }

        /**
         * The longest a request waits on Redis for its permit (default 100 ms); past it, the
         * limiter follows its fail mode. Also Lettuce's command timeout.
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive("commandTimeout", timeout, Duration.ofSeconds(10));
            return this;
        }

        /**
         * The longest time between two attempts to reach Redis while it is down (default 1 s):
         * reconnections back off up to it, and while Redis does not answer one request per
         * interval asks it, the others follow their fail mode without waiting.
         */
        public Builder retryInterval(Duration interval) {
            this.retryInterval = positive("retryInterval", interval, Duration.ofMinutes(5));
            return this;
        }

        /**
         * The prefix of every key and channel in Redis (default {@value #DEFAULT_KEY_PREFIX}):
         * instances with the same prefix share budgets and invalidations, so give each cluster
         * on one Redis its own.
         */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, "keyPrefix");
            if (prefix.isEmpty() || prefix.length() > 64 || prefix.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw new IllegalArgumentException("keyPrefix: '" + prefix
                        + "' (expected: 1-64 printable ASCII characters without spaces, e.g. gatehouse:)");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * The time buckets are computed with, in nanoseconds since the epoch (default the
         * system clock, in milliseconds): every instance must read the same time, so keep
         * their clocks in sync (NTP). For tests.
         */
        public Builder clock(LongSupplier epochNanos) {
            this.epochNanos = Objects.requireNonNull(epochNanos, "clock");
            return this;
        }

        /** The link: waits at most about a second for the first connection, then keeps trying in the background. */
        public SharedRedis build() {
            return new SharedRedis(this).start();
        }

        private static Duration positive(String name, Duration value, Duration max) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: a positive duration of at most " + max + ")");
            }
            return value;
        }
    }

    /** Builds a token bucket {@link RateLimiter} kept in this Redis. */
    public static final class TokenBucketBuilder {

        private final SharedRedis redis;
        private final Quota quota;
        private String name = "default";
        private RateLimitKey key = RateLimitKey.clientAddress();
        private FailMode failMode = FailMode.OPEN;

        private TokenBucketBuilder(SharedRedis redis, Quota quota) {
            this.redis = redis;
            this.quota = quota;
        }

        /**
         * The policy name clients see (default {@code default}); it is also the budget's name
         * in Redis: limiters with the same name on every instance share their buckets, so give
         * them the same quota too.
         */
        public TokenBucketBuilder name(String name) {
            this.name = checkName(name);
            return this;
        }

        /** What a bucket is per (default {@link RateLimitKey#clientAddress()}). */
        public TokenBucketBuilder key(RateLimitKey key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** What happens while Redis does not answer in time (default {@link FailMode#OPEN}). */
        public TokenBucketBuilder failMode(FailMode failMode) {
            this.failMode = Objects.requireNonNull(failMode, "failMode");
            return this;
        }

        /** The limiter; its buckets are those already in Redis under its name. */
        public RateLimiter build() {
            return new RedisRateLimiter(redis, name, quota, key, failMode);
        }

        /** As {@code RateLimiters}: 1-64 letters, digits, {@code .}, {@code _} or {@code -}. */
        private static String checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("name: '" + name + "' (expected: 1-64 letters, digits, '.', '_' or '-')");
            }
            return name;
        }
    }
}
