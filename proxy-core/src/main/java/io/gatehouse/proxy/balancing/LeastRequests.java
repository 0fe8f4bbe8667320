package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The candidate with the fewest attempts in flight, relative to its weight
 * ({@code (inFlight + 1) / weight}, so equal weights mean fewest in flight); ties are broken at
 * random so that an idle group is not always served by its first upstream. Looks at every
 * candidate: cost grows with the group's size (see {@code powerOfTwoChoices} for large groups).
 */
final class LeastRequests implements LoadBalancer {

    private final Supplier<RandomGenerator> random;

    LeastRequests(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public Picker newPicker(List<UpstreamState> members) {
        return this::pick;
    }

    private UpstreamState pick(Candidates candidates, RequestView request) {
        int n = candidates.size();
        int best = 0;
        double bestLoad = load(candidates, 0);
        int ties = 1;
        RandomGenerator r = null;
        for (int i = 1; i < n; i++) {
            double load = load(candidates, i);
            if (load < bestLoad) {
                best = i;
                bestLoad = load;
                ties = 1;
            } else if (load == bestLoad) {
                ties++;
                if (r == null) {
                    r = random.get();
                }
                if (r.nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return candidates.get(best);
    }

    static double load(Candidates candidates, int i) {
        return (candidates.get(i).inFlight() + 1) / candidates.weight(i);
    }

    @Override
    public String toString() {
        return "leastRequests";
    }
}
