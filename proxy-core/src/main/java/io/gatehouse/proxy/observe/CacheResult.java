package io.gatehouse.proxy.observe;

/**
 * What the cache did for a request.
 *
 * @param requestId the request id, or null
 * @param routeId the route
 * @param status the result
 * @param bytes the bytes of the body served from the store (0 for a miss)
 */
public record CacheResult(String requestId, String routeId, CacheStatus status, long bytes) {

    /** A cache result; the names follow the cache's own kinds, plus {@link #MISS}. */
    public enum CacheStatus {
        /** A fresh stored response. */
        HIT,
        /** A stale stored response the rules allow (max-stale, stale-while-revalidate). */
        STALE,
        /** A stored response the origin validated with a 304. */
        REVALIDATED,
        /** A stale stored response served because the origin failed. */
        STALE_IF_ERROR,
        /** {@code only-if-cached} and nothing stored: 504. */
        ONLY_IF_CACHED,
        /** A 304 from the origin that matched no stored response: 502. */
        BAD_VALIDATION,
        /** Not in the store (or not usable): forwarded. */
        MISS;

        /** Whether the response came from the store. */
        public boolean served() {
            return this != MISS && this != ONLY_IF_CACHED && this != BAD_VALIDATION;
        }
    }
}
