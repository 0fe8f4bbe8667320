package io.gatehouse.proxy.cache;

/**
 * Whether a stored response may be reused for a request, as a pure function of the time, the
 * request's directives and the stored response (RFC 9111 §4, §4.2.4, §5.2; RFC 5861). No I/O:
 * each rule is a unit test.
 */
final class CacheStrategy {

    /** What to do with a selected stored response. */
    enum Action {
        /** Fresh and acceptable to the request: serve it (RFC 9111 §4.2). */
        SERVE,
        /** Stale, but the request's {@code max-stale} accepts it (§5.2.1.2, §4.2.4). */
        SERVE_STALE,
        /** Stale within {@code stale-while-revalidate}: serve it and refresh it in the background (RFC 5861 §3). */
        SERVE_STALE_AND_REFRESH,
        /** Must be validated with the origin before use (§4.3). */
        REVALIDATE
    }

    /**
     * A reuse decision.
     *
     * @param action what to do
     * @param fwd the RFC 9211 {@code fwd} reason when the request goes forward: {@code stale}
     *     (the response is stale or must always be validated) or {@code request} (fresh, but the
     *     request's directives do not allow it)
     * @param ttlSeconds the remaining freshness at {@code now}, negative when stale (RFC 9211 §2.5)
     */
    record Result(Action action, String fwd, long ttlSeconds) {
    }

    private CacheStrategy() {
    }

    /** Decides at {@code now} whether {@code stored} may answer a request with directives {@code request}. */
    static Result decide(long now, CacheControl request, StoredResponse stored) {
        long age = stored.currentAge(now);
        long lifetime = stored.lifetime;
        long remaining = lifetime - age;
        long ttl = Math.floorDiv(remaining, 1000);
        boolean fresh = lifetime > age; // §4.2: response_is_fresh = (freshness_lifetime > current_age)
        // §5.2.2.4: a response with an unqualified no-cache must be validated before every use.
        if (stored.cc.noCacheUnqualified()) {
            return new Result(Action.REVALIDATE, "stale", ttl);
        }
        String reason = fresh ? "request" : "stale";
        // §5.2.1.4: the request's no-cache asks for validation.
        if (request.noCache) {
            return new Result(Action.REVALIDATE, reason, ttl);
        }
        // §5.2.1.1: max-age — the client wants a response no older than this.
        if (request.maxAge != CacheControl.ABSENT && age > Freshness.seconds(request.maxAge)) {
            return new Result(Action.REVALIDATE, reason, ttl);
        }
        if (fresh) {
            // §5.2.1.3: min-fresh — fresh for at least this much longer.
            if (request.minFresh != CacheControl.ABSENT && remaining < Freshness.seconds(request.minFresh)) {
                return new Result(Action.REVALIDATE, "request", ttl);
            }
            return new Result(Action.SERVE, null, ttl);
        }
        long staleness = age - lifetime;
        // §5.2.2.2 must-revalidate, §5.2.2.8 proxy-revalidate: never served stale by a shared cache.
        boolean revalidateExplicit = stored.cc.mustRevalidate || stored.cc.proxyRevalidate;
        // §5.2.2.10: s-maxage implies proxy-revalidate for a shared cache, so a client's
        // max-stale cannot reach past it.
        boolean mayServeStaleToClient = !revalidateExplicit && stored.cc.sMaxAge == CacheControl.ABSENT;
        if (request.maxStale != CacheControl.ABSENT && mayServeStaleToClient
                && staleness <= Freshness.seconds(request.maxStale)) {
            return new Result(Action.SERVE_STALE, null, ttl);
        }
        // RFC 5861 §3. The origin's own stale-while-revalidate is honoured alongside s-maxage
        // (its implied proxy-revalidate is about clients' max-stale), but not with an explicit
        // must-revalidate or proxy-revalidate. See docs/adr/0004.
        if (stored.cc.staleWhileRevalidate != CacheControl.ABSENT && !revalidateExplicit
                && staleness <= Freshness.seconds(stored.cc.staleWhileRevalidate)) {
            return new Result(Action.SERVE_STALE_AND_REFRESH, null, ttl);
        }
        return new Result(Action.REVALIDATE, "stale", ttl);
    }

    /**
     * RFC 5861 §4: whether a stale response may answer when the origin failed or answered 500,
     * 502, 503 or 504: {@code stale-if-error} on the response or the request covers its staleness,
     * and no {@code must-revalidate}, {@code proxy-revalidate} or {@code no-cache} forbids stale
     * use (RFC 9111 §4.2.4).
     */
    static boolean staleIfError(long now, CacheControl request, StoredResponse stored) {
        if (stored.cc.mustRevalidate || stored.cc.proxyRevalidate || stored.cc.noCacheUnqualified()) {
            return false;
        }
        long staleness = Math.max(0, stored.currentAge(now) - stored.lifetime);
        long allowed = Math.max(stored.cc.staleIfError, request.staleIfError);
        return allowed >= 0 && staleness <= Freshness.seconds(allowed);
    }

    /** RFC 5861 §4: the error statuses that let {@code stale-if-error} apply. */
    static boolean isError(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }
}
