package io.gatehouse.proxy.balancing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The built-in load balancing policies. Each is lock-free on the hot path and only sees the
 * available candidates (health filtering, ejection, concurrency limits and panic mode happen
 * before it). Policies are stateless configuration; each group gets its own picker.
 */
public final class LoadBalancers {

    /** The load factor of {@link #consistentHash(HashKey)}: no upstream gets more than 1.25 × the average. */
    public static final double DEFAULT_LOAD_FACTOR = 1.25;

    /** The names {@link #named(String)} knows, as the CLI's {@code --lb} takes them. */
    public static final List<String> NAMES = List.of("round-robin", "weighted-round-robin", "random", "weighted-random",
            "least-requests", "power-of-two-choices", "peak-ewma", "ip-hash");

    private static final Supplier<RandomGenerator> THREAD_LOCAL = ThreadLocalRandom::current;

    private LoadBalancers() {
    }

    /** Each candidate in turn, ignoring weights. */
    public static LoadBalancer roundRobin() {
        return new RoundRobin();
    }

    /** nginx's smooth weighted round robin: weights 5, 1, 1 give a, a, b, a, c, a, a. */
    public static LoadBalancer weightedRoundRobin() {
        return new SmoothWeightedRoundRobin();
    }

    /** A uniformly random candidate. */
    public static LoadBalancer random() {
        return new RandomChoice(THREAD_LOCAL);
    }

    /** A random candidate, with probability proportional to its weight. */
    public static LoadBalancer weightedRandom() {
        return new WeightedRandom(THREAD_LOCAL);
    }

    /** The candidate with the fewest attempts in flight (relative to weight); looks at every candidate. */
    public static LoadBalancer leastRequests() {
        return new LeastRequests(THREAD_LOCAL);
    }

    /** Of two random candidates, the one with fewer attempts in flight (relative to weight). */
    public static LoadBalancer powerOfTwoChoices() {
        return new PowerOfTwoChoices(THREAD_LOCAL);
    }

    /** Latency-aware: of two random candidates, the lower peak-EWMA latency × (in flight + 1); decay 10 s. */
    public static LoadBalancer peakEwma() {
        return peakEwma(LoadBalancer.DEFAULT_LATENCY_DECAY);
    }

    /**
     * Latency-aware, with the decay time τ of the latency average: shorter reacts faster to a
     * change of latency, longer is steadier.
     */
    public static LoadBalancer peakEwma(Duration decay) {
        Objects.requireNonNull(decay, "decay");
        if (decay.isNegative() || decay.isZero()) {
            throw new IllegalArgumentException("decay: " + decay + " (expected: a positive duration, e.g. 10 s)");
        }
        return new PeakEwma(decay, THREAD_LOCAL);
    }

    /** Consistent hashing of a request key, each upstream bounded to 1.25 × the average load. */
    public static LoadBalancer consistentHash(HashKey key) {
        return consistentHash(key, DEFAULT_LOAD_FACTOR);
    }

    /**
     * Consistent hashing of a request key, each upstream bounded to {@code loadFactor} × the
     * average attempts in flight ({@code Double.POSITIVE_INFINITY}: unbounded, pure stickiness).
     */
    public static LoadBalancer consistentHash(HashKey key, double loadFactor) {
        Objects.requireNonNull(key, "key");
        if (!(loadFactor >= 1)) {
            throw new IllegalArgumentException("loadFactor: " + loadFactor
                    + " (expected: 1.0 or more, e.g. 1.25; POSITIVE_INFINITY for no bound)");
        }
        return new ConsistentHash(key, loadFactor, THREAD_LOCAL);
    }

    /**
     * A policy by its CLI name: {@code round-robin}, {@code weighted-round-robin}, {@code random},
     * {@code weighted-random}, {@code least-requests}, {@code power-of-two-choices} (or {@code p2c}),
     * {@code peak-ewma}, {@code ip-hash} (consistent hashing of the client IP).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static LoadBalancer named(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "round-robin" -> roundRobin();
            case "weighted-round-robin" -> weightedRoundRobin();
            case "random" -> random();
            case "weighted-random" -> weightedRandom();
            case "least-requests" -> leastRequests();
            case "power-of-two-choices", "p2c" -> powerOfTwoChoices();
            case "peak-ewma" -> peakEwma();
            case "ip-hash" -> consistentHash(HashKey.clientIp());
            default -> throw new IllegalArgumentException("load balancer: '" + name + "' (expected: one of " + NAMES + ")");
        };
    }

    // Deterministic variants for tests in this package.

    static LoadBalancer random(Supplier<RandomGenerator> random) {
        return new RandomChoice(random);
    }

    static LoadBalancer weightedRandom(Supplier<RandomGenerator> random) {
        return new WeightedRandom(random);
    }

    static LoadBalancer leastRequests(Supplier<RandomGenerator> random) {
        return new LeastRequests(random);
    }

    static LoadBalancer powerOfTwoChoices(Supplier<RandomGenerator> random) {
        return new PowerOfTwoChoices(random);
    }

    static LoadBalancer peakEwma(Duration decay, Supplier<RandomGenerator> random) {
        return new PeakEwma(decay, random);
    }

    static LoadBalancer consistentHash(HashKey key, double loadFactor, Supplier<RandomGenerator> random) {
        return new ConsistentHash(key, loadFactor, random);
    }
}
