package io.gatehouse.proxy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Where stored responses live: a Caffeine cache from primary key to {@link Variants}, bounded
 * by total bytes (each entry weighs its bodies and headers). Thread-safe, lock-free reads.
 */
final class CacheStore {

    private final Cache<String, Variants> cache;
    private final int maxVariants;

    CacheStore(long maxBytes, int maxVariants) {
        this.maxVariants = maxVariants;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Variants v) -> v.weight)
                .executor(Runnable::run)
                .build();
    }

    /** The responses stored for a primary key, or null. */
    Variants get(String key) {
        return cache.getIfPresent(key);
    }

    /** Stores a response, replacing the one of the same secondary key (RFC 9111 §4.1). */
    void put(StoredResponse response) {
        cache.asMap().compute(response.key, (k, v) -> v == null ? Variants.of(response) : v.with(response, maxVariants));
    }

    /** Replaces a stored response by its updated self (after a 304, RFC 9111 §4.3.4), if it is still there. */
    void replace(StoredResponse stale, StoredResponse updated) {
        cache.asMap().computeIfPresent(stale.key, (k, v) -> v.replacing(stale, updated));
    }

    /** Removes one stored response, if it is still there. */
    void remove(StoredResponse response) {
        cache.asMap().computeIfPresent(response.key, (k, v) -> v.without(response));
    }

    /** Removes every response stored for a primary key; whether there was any. */
    boolean invalidate(String key) {
        return cache.asMap().remove(key) != null;
    }

    /** Removes every response whose primary key starts with {@code prefix}; how many keys were removed. */
    int invalidatePrefix(String prefix) {
        int[] removed = {0};
        cache.asMap().keySet().removeIf(k -> {
            boolean match = k.startsWith(prefix);
            if (match) {
                removed[0]++;
            }
            return match;
        });
        return removed[0];
    }

    /** Removes everything. */
    void invalidateAll() {
        cache.invalidateAll();
    }

    /** The number of primary keys stored. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** The total weight (about the bytes) stored. */
    long weightedSize() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }
}
