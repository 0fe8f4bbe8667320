package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;

/**
 * Picks the upstream for one request among the candidates: those available (healthy, not
 * ejected, under their concurrency limit, not already tried by this request). Called
 * concurrently from request threads; must neither block nor lock.
 */
@FunctionalInterface
public interface Picker {

    /**
     * Picks one candidate.
     *
     * @param candidates the upstreams that may serve the request; never empty
     * @param request the client-to-proxy request
     * @return one of {@code candidates}, or null when none fits
     */
    UpstreamState pick(Candidates candidates, RequestView request);
}
