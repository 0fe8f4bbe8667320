package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.health.FakeClock;
import io.gatehouse.proxy.health.GroupHealth;
import io.gatehouse.proxy.health.Lease;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A group {@code g} of upstreams {@code a, b, c...} (ports 9001...) bound to a registry on a fake
 * clock, for balancer tests.
 */
final class TestGroup {

    final FakeClock clock = new FakeClock();
    final UpstreamRegistry registry = UpstreamRegistry.create(clock, change -> { });
    final UpstreamGroup group;
    final GroupHealth health;

    private TestGroup(UpstreamGroup group) {
        this.group = group;
        this.health = registry.bind(group, group.loadBalancer().latencyDecay());
    }

    /** Upstreams with these weights, named a, b, c... */
    static TestGroup weights(int... weights) {
        return of(g -> {
            for (int i = 0; i < weights.length; i++) {
                int weight = weights[i];
                String id = id(i);
                g.upstream("http://127.0.0.1:" + (9001 + i), u -> u.id(id).weight(weight));
            }
        });
    }

    /** Upstreams a, b, c... of weight 1 in a group configured with this policy (its latency decay applies). */
    static TestGroup policy(LoadBalancer policy, int n) {
        return of(g -> {
            for (int i = 0; i < n; i++) {
                String id = id(i);
                g.upstream("http://127.0.0.1:" + (9001 + i), u -> u.id(id));
            }
            g.loadBalancer(policy);
        });
    }

    /** {@code n} upstreams of weight 1, named u0, u1... */
    static TestGroup size(int n) {
        return of(g -> {
            for (int i = 0; i < n; i++) {
                String id = "u" + i;
                g.upstream("http://10.0." + (i / 250) + "." + (i % 250 + 1) + ":8080", u -> u.id(id));
            }
        });
    }

    static TestGroup of(Consumer<UpstreamGroup.Builder> options) {
        return new TestGroup(ProxyConfig.builder().upstreamGroup("g", options).build().upstreamGroup("g"));
    }

    static String id(int i) {
        return String.valueOf((char) ('a' + i));
    }

    List<UpstreamState> members() {
        return health.members();
    }

    UpstreamState member(String id) {
        for (UpstreamState state : members()) {
            if (state.upstreamId().equals(id)) {
                return state;
            }
        }
        throw new IllegalArgumentException(id);
    }

    Candidates candidates() {
        return Candidates.of(health.available(clock.getAsLong()), clock.getAsLong());
    }

    /** Candidates without the named members. */
    Candidates candidatesWithout(String... ids) {
        boolean[] excluded = new boolean[members().size()];
        for (String id : ids) {
            excluded[members().indexOf(member(id))] = true;
        }
        return Candidates.excluding(health.available(clock.getAsLong()), excluded, clock.getAsLong());
    }

    /** Takes {@code n} leases on an upstream (in-flight + n). */
    List<Lease> busy(String id, int n) {
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leases.add(member(id).tryLease(0));
        }
        return leases;
    }

    /** Picks {@code n} times and returns the ids. */
    static List<String> picks(Picker picker, Candidates candidates, RequestView request, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(picker.pick(candidates, request).upstreamId());
        }
        return ids;
    }
}
