package io.gatehouse.proxy.balancing;

import io.gatehouse.bench.BenchRequest;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.health.GroupHealth;
import io.gatehouse.proxy.health.Lease;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of choosing an upstream, per load balancing policy, with 3 and 100 upstreams.
 *
 * <p>The group is built through the public API ({@link ProxyConfig#builder()}) with weights 1-3,
 * bound to a real {@link UpstreamRegistry}; every upstream has one latency sample and 0-3
 * attempts in flight (held for the whole trial), so that load-aware policies compare real
 * numbers. Each invocation chooses for {@value #REQUESTS} different requests (distinct
 * {@code X-User} headers and client addresses) and the score is per choice:
 *
 * <ul>
 *   <li>{@link #pick}: the policy alone — {@link Picker#pick} over every available upstream;</li>
 *   <li>{@link #choose}: the whole load balancer stage — {@link GroupBalancer#choose}: the cached
 *       available set from health, candidates, then the policy.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChooseBenchmark {

    static final int REQUESTS = 8;

    @Param({"roundRobin", "weightedRoundRobin", "random", "weightedRandom", "leastRequests", "powerOfTwoChoices",
            "peakEwma", "consistentHash"})
    public String policy;

    @Param({"3", "100"})
    public int upstreams;

    private Picker picker;
    private GroupBalancer balancer;
    private GroupHealth health;
    private RequestView[] requests;
    private final List<Lease> held = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        LoadBalancer lb = switch (policy) {
            case "roundRobin" -> LoadBalancers.roundRobin();
            case "weightedRoundRobin" -> LoadBalancers.weightedRoundRobin();
            case "random" -> LoadBalancers.random();
            case "weightedRandom" -> LoadBalancers.weightedRandom();
            case "leastRequests" -> LoadBalancers.leastRequests();
            case "powerOfTwoChoices" -> LoadBalancers.powerOfTwoChoices();
            case "peakEwma" -> LoadBalancers.peakEwma();
            case "consistentHash" -> LoadBalancers.consistentHash(HashKey.header("X-User"));
            default -> throw new IllegalArgumentException(policy);
        };
        UpstreamGroup group = ProxyConfig.builder().upstreamGroup("g", g -> {
            for (int i = 0; i < upstreams; i++) {
                int weight = 1 + i % 3;
                g.upstream("http://10.0." + (i / 250) + "." + (i % 250 + 1) + ":8080", u -> u.weight(weight));
            }
            g.loadBalancer(lb);
        }).build().upstreamGroup("g");
        UpstreamRegistry registry = UpstreamRegistry.create();
        health = registry.bind(group, lb.latencyDecay());
        balancer = GroupBalancer.of(group, health);
        picker = lb.newPicker(health.members());

        SplittableRandom random = new SplittableRandom(42);
        for (UpstreamState state : health.members()) {
            state.tryLease(0).complete(Outcome.response(200));
            for (int k = random.nextInt(4); k > 0; k--) {
                held.add(state.tryLease(0));
            }
        }
        requests = new RequestView[REQUESTS];
        for (int k = 0; k < REQUESTS; k++) {
            requests[k] = BenchRequest.get("/api/items").headers("X-User", "user-" + (1000 + 37 * k))
                    .remoteAddress("198.51.100." + (k + 1));
        }
        for (RequestView request : requests) {
            if (picker.pick(Candidates.of(health.available(), health.nanoTime()), request) == null
                    || !balancer.choose(request).found()) {
                throw new IllegalStateException(policy + " chose nothing");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        held.forEach(lease -> lease.complete(Outcome.cancelled()));
        held.clear();
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public void pick(Blackhole bh) {
        Picker p = picker;
        Candidates candidates = Candidates.of(health.available(), health.nanoTime());
        for (RequestView request : requests) {
            bh.consume(p.pick(candidates, request));
        }
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public void choose(Blackhole bh) {
        GroupBalancer b = balancer;
        for (RequestView request : requests) {
            bh.consume(b.choose(request));
        }
    }
}
