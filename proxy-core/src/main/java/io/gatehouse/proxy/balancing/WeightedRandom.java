package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.AvailableUpstreams;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A random candidate with probability proportional to its weight. The cumulative weights of an
 * available set are laid out once and searched by bisection; a pick that leaves candidates out
 * walks the candidates instead.
 */
final class WeightedRandom implements LoadBalancer {

    private final Supplier<RandomGenerator> random;

    WeightedRandom(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public Picker newPicker(List<UpstreamState> members) {
        return new WeightedRandomPicker(random);
    }

    @Override
    public String toString() {
        return "weightedRandom";
    }

    private record Cumulative(AvailableUpstreams available, double[] sums) {
    }

    private static final class WeightedRandomPicker implements Picker {

        private final Supplier<RandomGenerator> random;
        private final AtomicReference<Cumulative> cumulative = new AtomicReference<>();

        WeightedRandomPicker(Supplier<RandomGenerator> random) {
            this.random = random;
        }

        @Override
        public UpstreamState pick(Candidates candidates, RequestView request) {
            RandomGenerator r = random.get();
            if (!candidates.complete()) {
                double total = 0;
                for (int i = 0, n = candidates.size(); i < n; i++) {
                    total += candidates.weight(i);
                }
                double point = r.nextDouble() * total;
                for (int i = 0, n = candidates.size(); i < n; i++) {
                    point -= candidates.weight(i);
                    if (point < 0) {
                        return candidates.get(i);
                    }
                }
                return candidates.get(candidates.size() - 1);
            }
            AvailableUpstreams available = candidates.available();
            Cumulative c = cumulative.get();
            if (c == null || c.available != available) {
                double[] sums = new double[available.size()];
                double sum = 0;
                for (int i = 0; i < sums.length; i++) {
                    sum += available.weight(i);
                    sums[i] = sum;
                }
                c = new Cumulative(available, sums);
                cumulative.set(c);
            }
            double[] sums = c.sums;
            double point = r.nextDouble() * sums[sums.length - 1];
            int index = Arrays.binarySearch(sums, point);
            index = index >= 0 ? index + 1 : -index - 1;
            return available.get(Math.min(index, sums.length - 1));
        }
    }
}
