package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.Endpoint;
import io.gatehouse.proxy.health.UpstreamState;
import java.time.Duration;

/**
 * What {@link GroupBalancer#choose} found: an upstream, or why there is none and when to try
 * again.
 *
 * @param state the chosen upstream's state, or null
 * @param failure why none was chosen ({@code NO_UPSTREAM} or {@code UPSTREAMS_BUSY}); null when one was
 * @param retryAfter the {@code Retry-After} hint when none was chosen; null when one was
 */
public record Choice(UpstreamState state, ForwardFailure failure, Duration retryAfter) {

    static Choice of(UpstreamState state) {
        return new Choice(state, null, null);
    }

    static Choice none(ForwardFailure failure, Duration retryAfter) {
        return new Choice(null, failure, retryAfter);
    }

    /** Whether an upstream was chosen. */
    public boolean found() {
        return state != null;
    }

    /** The chosen upstream, or null. */
    public Endpoint upstream() {
        return state == null ? null : state.upstream();
    }
}
