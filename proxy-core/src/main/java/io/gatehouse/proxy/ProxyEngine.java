package io.gatehouse.proxy;

import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.forward.ForwardPlan;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.routing.RouteMatch;
import io.gatehouse.proxy.routing.RouteTable;
import java.util.List;
import java.util.Objects;

/**
 * The core's entry point for adapters: given a request, decides what to do with it. The
 * stages a request goes through are listed, in order, in {@link #decide}.
 *
 * <p>Immutable and thread-safe; build one per {@link ProxyConfig}. Does no I/O.
 */
public final class ProxyEngine {

    private final ProxyConfig config;
    private final RouteTable routes;

    private ProxyEngine(ProxyConfig config) {
        this.config = config;
        this.routes = RouteTable.compile(config.routes());
    }

    /** Compiles a configuration. */
    public static ProxyEngine of(ProxyConfig config) {
        return new ProxyEngine(Objects.requireNonNull(config, "config"));
    }

    /** The configuration this engine runs. */
    public ProxyConfig config() {
        return config;
    }

    /**
     * Decides what to do with a request.
     *
     * @param request the client-to-proxy request
     * @param mountPrefix the raw path prefix the proxy is mounted at ({@code ""} at the root),
     *     used to map upstream addresses back to public ones
     */
    public Decision decide(RequestView request, String mountPrefix) {
        // 1. Router: which route?
        RouteMatch match = routes.match(request);
        if (match == null) {
            return Decision.Reject.of(ForwardFailure.NO_ROUTE);
        }
        // 2. Access, 3. rate limiting and 4. the cache plug in here (later issues).
        // 5. Load balancer: which upstream of the route's group?
        Route route = match.route();
        UpstreamGroup group = config.upstreamGroup(route.upstreamGroup());
        List<Upstream> candidates = group.upstreams();
        Upstream upstream = candidates.isEmpty() ? null : group.loadBalancer().choose(candidates, request);
        if (upstream == null) {
            return Decision.Reject.of(ForwardFailure.NO_UPSTREAM);
        }
        // 6. Forward: the upstream path and the prefixes that map redirects back.
        return new Decision.Forward(plan(request, mountPrefix, match, group, upstream));
    }

    private static ForwardPlan plan(RequestView request, String mountPrefix, RouteMatch match, UpstreamGroup group,
                                    Upstream upstream) {
        Route route = match.route();
        String path = request.path();
        String upstreamPath = upstream.basePath() + route.rewrite().apply(path, match);
        String publicPrefix = mountPrefix + route.rewrite().publicPrefix(path, match);
        String upstreamPrefix = upstream.basePath() + route.rewrite().upstreamPrefix();
        return new ForwardPlan(route, group, upstream, upstreamPath, request.query(), publicPrefix, upstreamPrefix,
                mountPrefix);
    }
}
