package io.gatehouse.proxy.health;

import static io.gatehouse.proxy.health.Groups.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.forward.ForwardFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamRegistryTest {

    private final Groups groups = new Groups();

    @Test
    void anUpstreamThatSurvivesASwapKeepsItsState() {
        GroupHealth before = groups.bind(3, o -> { });
        UpstreamState a = member(before, "a");
        Lease open = a.tryLease(0);
        Groups.attempts(a, 5, Outcome.failure(ForwardFailure.CONNECT_FAILED));

        GroupHealth after = groups.bind(2, o -> { });

        assertSame(a, member(after, "a"));
        assertEquals(1, a.inFlight());
        assertEquals(Health.EJECTED, a.status().health());
        open.complete(Outcome.response(200));
        assertEquals(0, a.inFlight());
    }

    @Test
    void upstreamsNoLongerConfiguredAreForgotten() {
        groups.bind(3, o -> { });
        UpstreamGroup smaller = Groups.group(2, o -> { });

        groups.registry.retain(List.of(smaller));
        groups.registry.bind(smaller, Duration.ofSeconds(10));

        assertNull(groups.registry.status("g", "c"));
        assertEquals(List.of("a", "b"), groups.registry.statuses().stream().map(UpstreamStatus::upstreamId).toList());
    }

    @Test
    void anUpstreamAddedByALaterConfigurationStartsSlowly() {
        groups.bind(2, o -> o.slowStart(Duration.ofSeconds(10)));

        GroupHealth after = groups.bind(3, o -> o.slowStart(Duration.ofSeconds(10)));

        assertEquals(1.0, member(after, "a").weightFactor(groups.clock.getAsLong()));
        assertEquals(0.1, member(after, "c").weightFactor(groups.clock.getAsLong()));
    }

    @Test
    void upstreamsOfTheFirstConfigurationStartAtFullWeight() {
        GroupHealth g = groups.bind(2, o -> o.slowStart(Duration.ofSeconds(10)));

        assertEquals(1.0, member(g, "b").weightFactor(groups.clock.getAsLong()));
    }

    @Test
    void theSameUpstreamInTwoGroupsHasTwoStates() {
        UpstreamGroup one = ProxyConfig.builder().upstreamGroup("one", g -> g.upstream("http://127.0.0.1:9001"))
                .build().upstreamGroup("one");
        UpstreamGroup two = ProxyConfig.builder().upstreamGroup("two", g -> g.upstream("http://127.0.0.1:9001"))
                .build().upstreamGroup("two");

        GroupHealth first = groups.registry.bind(one, Duration.ofSeconds(1));
        GroupHealth second = groups.registry.bind(two, Duration.ofSeconds(1));

        assertNotSame(first.members().get(0), second.members().get(0));
        assertEquals(List.of("one", "two"), groups.registry.statuses().stream().map(UpstreamStatus::groupId).toList());
    }

    @Test
    void removingActiveChecksFromAGroupMakesItsUnhealthyUpstreamsHealthy() {
        GroupHealth checked = groups.bind(2, o -> o.healthCheck(h -> h.unhealthyThreshold(1)));
        member(checked, "a").probed(false, "status 500", groups.clock.getAsLong(), groups.clock.getAsLong());

        GroupHealth unchecked = groups.bind(2, o -> { });

        assertEquals(Health.HEALTHY, member(unchecked, "a").status().health());
        assertEquals("active health checks removed from the group", member(unchecked, "a").status().reason());
    }
}
