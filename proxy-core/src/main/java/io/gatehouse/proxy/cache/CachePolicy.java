package io.gatehouse.proxy.cache;

/**
 * What a route may store in the proxy's cache. The only policy today is {@link #never()}, the
 * default; an RFC 9111 shared-cache policy is planned.
 */
public final class CachePolicy {

    private static final CachePolicy NEVER = new CachePolicy();

    private CachePolicy() {
    }

    /** Nothing is stored; every request goes to an upstream. */
    public static CachePolicy never() {
        return NEVER;
    }

    /** Whether responses may be stored at all. */
    public boolean storesAnything() {
        return false;
    }

    @Override
    public String toString() {
        return "never";
    }
}
