package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Power of two choices: two distinct candidates at random, the one with fewer attempts in flight
 * relative to its weight wins. Nearly as good as least requests, at constant cost, and without
 * herding onto one upstream when many proxies see the same counts.
 */
final class PowerOfTwoChoices implements LoadBalancer {

    private final Supplier<RandomGenerator> random;

    PowerOfTwoChoices(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public Picker newPicker(List<UpstreamState> members) {
        return this::pick;
    }

    private UpstreamState pick(Candidates candidates, RequestView request) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        RandomGenerator r = random.get();
        int first = r.nextInt(n);
        int second = r.nextInt(n - 1);
        if (second >= first) {
            second++;
        }
        return LeastRequests.load(candidates, second) < LeastRequests.load(candidates, first)
                ? candidates.get(second) : candidates.get(first);
    }

    @Override
    public String toString() {
        return "powerOfTwoChoices";
    }
}
