package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Latency-aware balancing, the Finagle/Linkerd algorithm: each candidate's cost is its peak-EWMA
 * latency × (attempts in flight + 1) ÷ weight, and of two random candidates the cheaper wins. A
 * slow upstream gets little traffic without being marked down; as its average decays (τ =
 * {@link #latencyDecay()}) it is tried again. An upstream never sampled costs nothing while idle
 * and a large penalty while it has an attempt under way, so a newcomer gets one probe at a time
 * until its first answer.
 */
final class PeakEwma implements LoadBalancer {

    /** Cost of an unsampled upstream with attempts in flight (Finagle's penalty). */
    static final double PENALTY = Long.MAX_VALUE >> 16;

    private final Duration decay;
    private final Supplier<RandomGenerator> random;

    PeakEwma(Duration decay, Supplier<RandomGenerator> random) {
        this.decay = decay;
        this.random = random;
    }

    @Override
    public Picker newPicker(List<UpstreamState> members) {
        return this::pick;
    }

    @Override
    public Duration latencyDecay() {
        return decay;
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
        long now = candidates.nanoTime();
        return cost(candidates, second, now) < cost(candidates, first, now) ? candidates.get(second) : candidates.get(first);
    }

    static double cost(Candidates candidates, int i, long now) {
        UpstreamState state = candidates.get(i);
        int inFlight = state.inFlight();
        double latency = state.latencyNanos(now);
        if (latency == 0 && !state.latencySampled()) {
            return inFlight == 0 ? 0 : PENALTY + inFlight;
        }
        return latency * (inFlight + 1) / candidates.weight(i);
    }

    @Override
    public String toString() {
        return "peakEwma(decay " + decay + ")";
    }
}
