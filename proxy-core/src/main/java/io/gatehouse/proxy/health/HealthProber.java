package io.gatehouse.proxy.health;

import java.util.concurrent.CompletionStage;

/**
 * Sends one active health check; the adapter implements it with its HTTP client.
 *
 * <p>{@link #probe} is called on a scheduler thread and must not block: it starts a
 * {@code GET} of {@code upstream.origin() + upstream.basePath() + check.path()} (with the
 * upstream's own {@code Host}, no redirects followed, no cookies) and returns at once. The stage
 * completes with the response status, or exceptionally when no response arrived. The driver
 * enforces {@link HealthCheck#timeout()} itself as well, so a stage that never completes only
 * counts as a failed check.
 */
@FunctionalInterface
public interface HealthProber {

    /**
     * Starts a check of one upstream.
     *
     * @param upstream the upstream to check
     * @param check the group's check (path, timeout)
     * @return the response status, or an exceptional completion
     */
    CompletionStage<Integer> probe(Endpoint upstream, HealthCheck check);
}
