package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.UpstreamState;
import java.time.Duration;
import java.util.List;

/**
 * A load balancing policy: the strategy an upstream group is configured with. It holds no
 * runtime state itself; {@link #newPicker} creates the {@link Picker} that serves one group under
 * one configuration and may keep state (a counter, a hash ring).
 *
 * <p>Built-ins are static factories on {@link LoadBalancers}. A custom stateless policy is a
 * lambda returning a lambda:
 * <pre>{@code
 * LoadBalancer first = members -> (candidates, request) -> candidates.get(0);
 * }</pre>
 */
@FunctionalInterface
public interface LoadBalancer {

    /** The decay time of the latency average when the policy does not say otherwise. */
    Duration DEFAULT_LATENCY_DECAY = Duration.ofSeconds(10);

    /**
     * Creates the picker of one group; called when a configuration is compiled, not per request.
     *
     * @param members every upstream of the group in its order (the candidates of a pick are a
     *     subset of them); their index here is their member index
     */
    Picker newPicker(List<UpstreamState> members);

    /**
     * How fast the group's latency average forgets: the τ of its exponential decay. Latency-aware
     * policies (peak EWMA) choose it; the others keep the default of 10 s.
     */
    default Duration latencyDecay() {
        return DEFAULT_LATENCY_DECAY;
    }
}
