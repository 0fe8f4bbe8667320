package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.Upstream;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;

/**
 * Picks the upstream that serves a request among the candidates of a group.
 *
 * <p>An instance belongs to one upstream group and may keep state (a counter, say). It is
 * called concurrently from request threads and must neither block nor lock.
 */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * Chooses one of the candidates for the request.
     *
     * @param candidates the upstreams that may serve the request; never empty
     * @param request the client-to-proxy request
     * @return one of {@code candidates}, or null when none fits
     */
    Upstream choose(List<Upstream> candidates, RequestView request);
}
