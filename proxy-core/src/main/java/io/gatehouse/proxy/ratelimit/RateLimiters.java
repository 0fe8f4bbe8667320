package io.gatehouse.proxy.ratelimit;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The built-in limiters: a local token bucket per key, and a per-key concurrency limit. Each
 * builder validates every setter at once (the message names the option and the value) and
 * {@code build()} returns a new, independent limiter with its own state.
 *
 * <pre>{@code
 * RateLimiter perClient = RateLimiters.tokenBucket(Quota.perSecond(20).burst(40)).build();
 * RateLimiter perTenant = RateLimiters.tokenBucket(Quota.perMinute(6000))
 *     .name("tenant").key(RateLimitKey.header("X-Tenant")).build();
 * ConcurrencyLimiter slots = RateLimiters.concurrency(8).build();
 * }</pre>
 */
public final class RateLimiters {

    /** Default most keys a token bucket limiter keeps (about 200 bytes each). */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private RateLimiters() {
    }

    /** A token bucket limiter with this quota; by default named {@code default}, keyed by client address. */
    public static TokenBucketBuilder tokenBucket(Quota quota) {
        return new TokenBucketBuilder(Objects.requireNonNull(quota, "quota"));
    }

    /** A limit of {@code maxInFlight} concurrent requests per key; by default named {@code concurrency}, keyed by client address. */
    public static ConcurrencyBuilder concurrency(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: 1 or more)");
        }
        return new ConcurrencyBuilder(maxInFlight);
    }

    /**
     * Checks a policy name: 1-64 letters, digits, {@code .}, {@code _} or {@code -}, so it is a
     * valid structured-field string in any header.
     */
    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        boolean ok = !name.isEmpty() && name.length() <= 64;
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        }
        if (!ok) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: 1-64 letters, digits, '.', '_' or '-')");
        }
        return name;
    }

    /** Builds a token bucket {@link RateLimiter}. */
    public static final class TokenBucketBuilder {

        private final Quota quota;
        private String name = "default";
        private RateLimitKey key = RateLimitKey.clientAddress();
        private int maxKeys = DEFAULT_MAX_KEYS;
        private LongSupplier nanoTime = System::nanoTime;
        private Executor executor;

        private TokenBucketBuilder(Quota quota) {
            this.quota = quota;
        }

        /** The policy name clients see (default {@code default}). */
        public TokenBucketBuilder name(String name) {
            this.name = checkName(name);
            return this;
        }

        /** What a bucket is per (default {@link RateLimitKey#clientAddress()}). */
        public TokenBucketBuilder key(RateLimitKey key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** The most buckets kept at once (default {@value RateLimiters#DEFAULT_MAX_KEYS}); the least valuable go first. */
        public TokenBucketBuilder maxKeys(int maxKeys) {
            if (maxKeys < 1) {
                throw new IllegalArgumentException("maxKeys: " + maxKeys + " (expected: 1 or more)");
            }
            this.maxKeys = maxKeys;
            return this;
        }

        /** The clock, in nanoseconds like {@link System#nanoTime()} (default); for tests. */
        public TokenBucketBuilder clock(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /** Runs the key cache's maintenance on this executor (default: the requesting thread). */
        TokenBucketBuilder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** A new limiter with empty buckets. */
        public RateLimiter build() {
            return new TokenBucketLimiter(name, quota, key, maxKeys, nanoTime, executor);
        }
    }

    /** Builds a per-key {@link ConcurrencyLimiter}. */
    public static final class ConcurrencyBuilder {

        private final int maxInFlight;
        private String name = "concurrency";
        private RateLimitKey key = RateLimitKey.clientAddress();

        private ConcurrencyBuilder(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        /** The policy name clients see (default {@code concurrency}). */
        public ConcurrencyBuilder name(String name) {
            this.name = checkName(name);
            return this;
        }

        /** What the limit is per (default {@link RateLimitKey#clientAddress()}). */
        public ConcurrencyBuilder key(RateLimitKey key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** A new limiter with nothing in flight. */
        public ConcurrencyLimiter build() {
            return new KeyedConcurrencyLimiter(name, maxInFlight, key);
        }
    }
}
