package io.gatehouse.proxy.ratelimit;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.Map;

/**
 * The rate-limit stage for one request: takes a permit from each of a route's limiters in
 * order, then a concurrency slot, and turns the outcome into an {@link Admission}. The first
 * refusal ends the stage with {@code 429 Too Many Requests} (RFC 6585 §4), {@code Retry-After}
 * and the {@code RateLimit-Policy} / {@code RateLimit} headers of the limiters asked so far.
 * Permits already taken from earlier limiters are not given back (as in Envoy and nginx).
 */
public final class RateLimitGate {

    private RateLimitGate() {
    }

    /**
     * Admits or refuses a request.
     *
     * @param routeId the id of the route the request matched (a {@link RateLimitKey#route()} key)
     * @param limiters the route's rate limiters, in order (may be empty)
     * @param concurrency the route's concurrency limiter, or null
     */
    public static Admission admit(RequestView request, String routeId, List<RateLimiter> limiters,
                                  ConcurrencyLimiter concurrency) {
        if (limiters.isEmpty() && concurrency == null) {
            return Admission.unlimited();
        }
        StringBuilder policies = null;
        StringBuilder limits = null;
        for (int i = 0; i < limiters.size(); i++) {
            RateLimitResult result = limiters.get(i).tryAcquire(request, routeId);
            if (result == null) {
                continue;
            }
            policies = RateLimitHeaders.appendPolicyItem(next(policies), result);
            limits = RateLimitHeaders.appendLimitItem(next(limits), result);
            if (!result.allowed()) {
                long retryAfter = result.retryAfterSeconds();
                return refused("The request rate limit '" + result.policy() + "' was exceeded; retry in " + retryAfter + " s.",
                        retryAfter, policies, limits);
            }
        }
        Lease lease = Lease.none();
        if (concurrency != null) {
            lease = concurrency.tryAcquire(request, routeId);
            policies = next(policies).append(RateLimitHeaders.concurrencyPolicyItem(concurrency));
            if (lease == null) {
                limits = next(limits).append(RateLimitHeaders.concurrencyLimitItem(concurrency, 0));
                return refused("Too many requests of this client are in progress; retry when one has finished.", 1,
                        policies, limits);
            }
        }
        return new Admission(null, lease, policies == null ? null : policies.toString(),
                limits == null ? null : limits.toString());
    }

    /** A structured-field list (RFC 9651 §3.1) ready for its next item: a new one, or this one and a separator. */
    private static StringBuilder next(StringBuilder list) {
        return list == null ? new StringBuilder(64) : list.append(", ");
    }

    private static Admission refused(String detail, long retryAfterSeconds, StringBuilder policies, StringBuilder limits) {
        Verdict.Deny denial = Verdict.deny(429, detail, Map.of(
                RateLimitHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds),
                RateLimitHeaders.POLICY, policies.toString(),
                RateLimitHeaders.LIMIT, limits.toString()));
        return new Admission(denial, Lease.none(), null, null);
    }
}
