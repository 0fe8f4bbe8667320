package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.health.Endpoint;

/**
 * Where a request goes before an upstream is chosen: the route, the group that serves it, and
 * the upstream path and query as the route rewrites them. The engine decides it; the cache is
 * consulted with it; only a request that must go upstream has an upstream picked for it, per
 * attempt ({@link #to}).
 *
 * @param route the matched route
 * @param group the group that serves the request (the route's, or its traffic split's choice)
 * @param path the raw path as the route rewrites it, before any upstream's base path
 * @param query the raw query, byte for byte as the client sent it, or null
 * @param publicPrefix the public path prefix (mount prefix plus any stripped route prefix)
 * @param upstreamPrefix the path prefix, before any upstream's base path, that corresponds to
 *     {@code publicPrefix}
 * @param mountPrefix the raw path prefix the proxy is mounted at (empty at the root)
 */
public record RoutePlan(Route route, UpstreamGroup group, String path, String query, String publicPrefix,
                        String upstreamPrefix, String mountPrefix) {

    /** The plan of an attempt on {@code upstream}: its base path goes before the path and the upstream prefix. */
    public ForwardPlan to(Endpoint upstream) {
        String base = upstream.basePath();
        return new ForwardPlan(route, group, upstream, join(base, path), query, publicPrefix, join(base, upstreamPrefix),
                mountPrefix);
    }

    /** {@code first + second}, without a new string when either is empty (the usual case: no base path, no mount). */
    static String join(String first, String second) {
        return first.isEmpty() ? second : second.isEmpty() ? first : first + second;
    }
}
