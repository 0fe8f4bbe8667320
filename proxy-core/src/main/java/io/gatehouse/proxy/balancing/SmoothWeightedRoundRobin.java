package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.AvailableUpstreams;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * nginx's smooth weighted round robin: weights 5, 1, 1 give a, a, b, a, c, a, a — the heavy
 * upstream's turns are spread out, not bunched.
 *
 * <p>Lock-free: nginx's algorithm (each turn, add every weight to its running total, take the
 * largest total and subtract the sum of weights from it) runs once per available set to lay out
 * one full cycle of turns, and picks walk that cycle with an atomic counter. Fractional weights
 * (slow start) count in tenths; a cycle longer than 65,536 turns is scaled down. Turns of
 * upstreams left out for one request (tried, at their limit) are passed over.
 */
final class SmoothWeightedRoundRobin implements LoadBalancer {

    static final int MAX_CYCLE = 1 << 16;

    @Override
    public Picker newPicker(List<UpstreamState> members) {
        return new SwrrPicker();
    }

    @Override
    public String toString() {
        return "weightedRoundRobin";
    }

    /** One cycle of turns for one available set: indexes into it. */
    private record Cycle(AvailableUpstreams available, int[] turns) {
    }

    private static final class SwrrPicker implements Picker {

        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Cycle> cycle = new AtomicReference<>();

        @Override
        public UpstreamState pick(Candidates candidates, RequestView request) {
            AvailableUpstreams available = candidates.available();
            Cycle c = cycle.get();
            if (c == null || c.available != available) {
                c = new Cycle(available, turns(available));
                cycle.set(c);
            }
            int[] turns = c.turns;
            if (candidates.complete()) {
                return available.get(turns[Math.floorMod(next.getAndIncrement(), turns.length)]);
            }
            // Consume the turns of left-out upstreams from the shared counter: over a cycle each
            // candidate still gets exactly its own turns, so shares among candidates keep their weights.
            for (int k = 0; k < turns.length; k++) {
                int index = turns[Math.floorMod(next.getAndIncrement(), turns.length)];
                if (candidates.includesAvailable(index)) {
                    return available.get(index);
                }
            }
            return candidates.isEmpty() ? null : candidates.get(0);
        }
    }

    /** One cycle of nginx's algorithm over the set's weights. */
    static int[] turns(AvailableUpstreams available) {
        int n = available.size();
        long[] weights = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            double w = available.weight(i);
            weights[i] = Math.max(1, available.wholeWeights() ? (long) w : Math.round(w * 10));
            total += weights[i];
        }
        long gcd = 0;
        for (long w : weights) {
            gcd = gcd(gcd, w);
        }
        total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] /= gcd;
            total += weights[i];
        }
        if (total > MAX_CYCLE) {
            long scaled = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = Math.max(1, weights[i] * MAX_CYCLE / total);
                scaled += weights[i];
            }
            total = scaled;
        }
        int[] turns = new int[(int) total];
        long[] current = new long[n];
        for (int t = 0; t < turns.length; t++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                current[i] += weights[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            turns[t] = best;
        }
        return turns;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
