package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.forward.LocationMapping;
import io.gatehouse.proxy.forward.LocationRewriter;
import io.gatehouse.proxy.health.Endpoint;

/**
 * Where and how one request is forwarded: the route, the chosen upstream, and the upstream
 * path and query. Also the two prefixes that let {@link LocationRewriter} map upstream
 * addresses back to public ones.
 *
 * @param route the matched route
 * @param group the route's upstream group
 * @param upstream the upstream chosen by the group's load balancer
 * @param path the raw path sent to the upstream (its base path included)
 * @param query the raw query, byte for byte as the client sent it, or null
 * @param publicPrefix the public path prefix (mount prefix plus any stripped route prefix)
 * @param upstreamPrefix the upstream path prefix that corresponds to {@code publicPrefix}
 * @param mountPrefix the raw path prefix the proxy is mounted at (empty at the root)
 */
public record ForwardPlan(Route route, UpstreamGroup group, Endpoint upstream, String path, String query,
                          String publicPrefix, String upstreamPrefix, String mountPrefix) implements LocationMapping {

    @Override
    public String upstreamHost() {
        return upstream.host();
    }

    @Override
    public int upstreamPort() {
        return upstream.port();
    }

    @Override
    public String upstreamBasePath() {
        return upstream.basePath();
    }

    /** The path and query for the proxy-to-server request line. */
    public String pathAndQuery() {
        return query == null ? path : path + "?" + query;
    }

    /** The upstream target as an absolute URI string; for logs, never for clients. */
    public String target() {
        return upstream.origin() + pathAndQuery();
    }
}
