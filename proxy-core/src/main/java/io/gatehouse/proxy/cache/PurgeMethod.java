package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.access.AccessPolicy;
import io.gatehouse.proxy.access.CidrSet;
import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.Map;
import java.util.Objects;

/**
 * Who may remove stored responses with an HTTP {@code PURGE} request (the Varnish, Squid and
 * nginx extension; not a method of RFC 9110): client addresses, and optionally credentials.
 *
 * <p>Off unless the cache is built with {@link HttpCache.Builder#purgeMethod}. With it, the
 * proxy answers a {@code PURGE} on a route itself, after the route's own access rules and rate
 * limits, and never forwards it: every response stored for the target URI (the key the route's
 * {@link CachePolicy} makes of it) is removed. Immutable and thread-safe.
 * <pre>{@code
 * HttpCache.builder().purgeMethod(PurgeMethod.allowFrom("127.0.0.1", "10.0.0.0/8")).build();
 * PurgeMethod.allowFrom("10.0.0.0/8").and(AccessPolicies.bearer("purge", token -> ...));
 * }</pre>
 */
public final class PurgeMethod {

    /** The request method this answers. */
    public static final String METHOD = "PURGE";

    private final CidrSet clients;
    private final AccessPolicy policy;

    private PurgeMethod(CidrSet clients, AccessPolicy policy) {
        this.clients = clients;
        this.policy = policy;
    }

    /**
     * {@code PURGE} from clients in these ranges (CIDR notation or single addresses, IPv4 or
     * IPv6), as {@link RequestView#clientAddress()} resolves them (the socket peer unless the
     * proxy trusts forwarding proxies).
     *
     * @throws IllegalArgumentException when no range is given, or naming the first one that is not a range
     */
    public static PurgeMethod allowFrom(String... cidrs) {
        Objects.requireNonNull(cidrs, "cidrs");
        if (cidrs.length == 0) {
            throw new IllegalArgumentException("purgeMethod: no client range (expected: at least one, e.g. 127.0.0.1"
                    + " or 10.0.0.0/8; leave PURGE off by not setting purgeMethod)");
        }
        return new PurgeMethod(CidrSet.of(cidrs), null);
    }

    /** The same, with {@code policy} checked as well (e.g. a bearer token) once the address is allowed. */
    public PurgeMethod and(AccessPolicy policy) {
        return new PurgeMethod(clients, Objects.requireNonNull(policy, "policy"));
    }

    /** The client ranges allowed. */
    public CidrSet clients() {
        return clients;
    }

    /**
     * Whether this {@code PURGE} request may remove stored responses: {@link Verdict#allow()},
     * a 403 for a client outside the ranges, or what the access policy answers.
     */
    public Verdict check(RequestView request) {
        String client = request.clientAddress();
        if (client == null || !clients.contains(client)) {
            return Verdict.deny(403, "PURGE is not allowed from this address.", Map.of());
        }
        return policy == null ? Verdict.allow() : policy.check(request);
    }

    @Override
    public String toString() {
        return "PURGE from " + clients + (policy == null ? "" : " and " + policy);
    }
}
