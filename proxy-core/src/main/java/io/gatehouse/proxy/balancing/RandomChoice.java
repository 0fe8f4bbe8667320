package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.UpstreamState;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** A uniformly random candidate, ignoring weights. */
final class RandomChoice implements LoadBalancer {

    private final Supplier<RandomGenerator> random;

    RandomChoice(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public Picker newPicker(List<UpstreamState> members) {
        return (candidates, request) -> candidates.get(random.get().nextInt(candidates.size()));
    }

    @Override
    public String toString() {
        return "random";
    }
}
