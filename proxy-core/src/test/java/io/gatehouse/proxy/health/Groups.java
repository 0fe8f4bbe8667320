package io.gatehouse.proxy.health;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.UpstreamGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Groups {@code g} of upstreams {@code a, b, c...} on a fake clock, recording health changes. */
final class Groups {

    final FakeClock clock = new FakeClock();
    final List<HealthChange> changes = new ArrayList<>();
    final UpstreamRegistry registry = UpstreamRegistry.create(clock, changes::add);

    /** Binds group {@code g} with {@code n} upstreams a, b, c... and the options. */
    GroupHealth bind(int n, Consumer<UpstreamGroup.Builder> options) {
        return registry.bind(group(n, options), Duration.ofSeconds(10));
    }

    static UpstreamGroup group(int n, Consumer<UpstreamGroup.Builder> options) {
        return ProxyConfig.builder().upstreamGroup("g", g -> {
            for (int i = 0; i < n; i++) {
                String id = String.valueOf((char) ('a' + i));
                g.upstream("http://127.0.0.1:" + (9001 + i), u -> u.id(id));
            }
            options.accept(g);
        }).build().upstreamGroup("g");
    }

    static UpstreamState member(GroupHealth group, String id) {
        return group.members().stream().filter(s -> s.upstreamId().equals(id)).findFirst().orElseThrow();
    }

    static List<String> available(GroupHealth group) {
        AvailableUpstreams available = group.available();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < available.size(); i++) {
            ids.add(available.get(i).upstreamId());
        }
        return ids;
    }

    /** Completes {@code n} attempts on the upstream with this outcome. */
    static void attempts(UpstreamState state, int n, Outcome outcome) {
        for (int i = 0; i < n; i++) {
            state.tryLease(0).complete(outcome);
        }
    }
}
