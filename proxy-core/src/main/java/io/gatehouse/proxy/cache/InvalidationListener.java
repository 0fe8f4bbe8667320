package io.gatehouse.proxy.cache;

/**
 * Hears of every removal a client or the origin caused in an {@link HttpCache}: a purge
 * ({@code PURGE}, {@link HttpCache#purge}, {@link HttpCache#purgePrefix},
 * {@link HttpCache#purgeAll}) and the invalidation after an unsafe method (RFC 9111 §4.4), once
 * the local removal is done. Not told of evictions, expiry, or of what
 * {@link HttpCache#apply} replays. This is how several proxy instances keep their caches in
 * step: a listener publishes each invalidation, and every other instance applies it (e.g.
 * through Redis, the {@code proxy-redis} module).
 *
 * <p>Called on the thread that removed the entry, often a request thread: must be thread-safe,
 * must not block, and should not throw (what it throws is logged and otherwise ignored:
 * the local removal stands).
 */
@FunctionalInterface
public interface InvalidationListener {

    /** One removal that just happened in this instance's cache. */
    void onInvalidation(Invalidation invalidation);
}
