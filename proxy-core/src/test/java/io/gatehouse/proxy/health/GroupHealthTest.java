package io.gatehouse.proxy.health;

import static io.gatehouse.proxy.health.Groups.attempts;
import static io.gatehouse.proxy.health.Groups.available;
import static io.gatehouse.proxy.health.Groups.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupHealthTest {

    private static final Outcome REFUSED = Outcome.failure(ForwardFailure.CONNECT_FAILED);

    private final Groups groups = new Groups();

    @Test
    void theAvailableSetIsReusedUntilHealthChanges() {
        GroupHealth g = groups.bind(3, o -> { });

        AvailableUpstreams first = g.available();
        groups.clock.advance(Duration.ofSeconds(5));
        assertSame(first, g.available());

        attempts(member(g, "b"), 5, REFUSED);
        AvailableUpstreams second = g.available();
        assertNotSame(first, second);
        assertEquals(List.of("a", "c"), available(g));
        assertSame(second, g.available());
    }

    @Test
    void panicModeOffersEveryUpstreamWhenNoneIsHealthy() {
        GroupHealth g = groups.bind(2, o -> o.healthCheck(h -> h.unhealthyThreshold(1)));
        for (UpstreamState member : g.members()) {
            member.probed(false, "status 500", groups.clock.getAsLong(), groups.clock.getAsLong());
        }

        AvailableUpstreams available = g.available();

        assertTrue(available.panic());
        assertEquals(List.of("a", "b"), available(g));
    }

    @Test
    void withoutPanicModeNothingIsOfferedWhenNoneIsHealthy() {
        GroupHealth g = groups.bind(2, o -> o.panicMode(false).healthCheck(h -> h.unhealthyThreshold(1)));
        for (UpstreamState member : g.members()) {
            member.probed(false, "status 500", groups.clock.getAsLong(), groups.clock.getAsLong());
        }

        assertTrue(g.available().isEmpty());
        assertFalse(g.available().panic());
        assertEquals(Duration.ofSeconds(10), g.retryAfter(groups.clock.getAsLong()));
    }

    @Test
    void retryAfterIsTheTimeUntilTheFirstEjectionEnds() {
        GroupHealth g = groups.bind(2, o -> o.panicMode(false).outlierDetection(d -> d.maxEjectedShare(1)));
        attempts(member(g, "a"), 5, REFUSED);
        groups.clock.advance(Duration.ofSeconds(12));
        attempts(member(g, "b"), 5, REFUSED);

        assertEquals(Duration.ofSeconds(18), g.retryAfter(groups.clock.getAsLong()));
    }

    @Test
    void slowStartRampsTheWeightOfAnUpstreamThatBecameHealthyInTenSteps() {
        GroupHealth g = groups.bind(2, o -> o.slowStart(Duration.ofSeconds(10)).healthCheck(h -> h.unhealthyThreshold(1)
                .healthyThreshold(1)));
        UpstreamState a = member(g, "a");
        a.probed(false, "status 500", groups.clock.getAsLong(), groups.clock.getAsLong());
        a.probed(true, "status 200", groups.clock.getAsLong(), groups.clock.getAsLong());

        List<Double> weights = new ArrayList<>();
        for (int second = 0; second <= 10; second++) {
            weights.add(g.available().weight(0));
            groups.clock.advance(Duration.ofSeconds(1));
        }

        assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.0), weights);
        assertEquals(1.0, g.available().weight(1));
    }

    @Test
    void anUpstreamBackFromEjectionRampsUpFromItsReturn() {
        GroupHealth g = groups.bind(3, o -> o.slowStart(Duration.ofSeconds(10)));
        UpstreamState a = member(g, "a");
        attempts(a, 5, REFUSED);

        groups.clock.advance(Duration.ofSeconds(30));
        assertEquals(0.1, a.weightFactor(groups.clock.getAsLong()), 1e-9);
        groups.clock.advance(Duration.ofSeconds(5));
        assertEquals(0.6, g.available().weight(0), 1e-9);
    }

    @Test
    void withoutSlowStartWeightsAreTheConfiguredOnes() {
        GroupHealth g = groups.bind(2, o -> { });

        assertEquals(1.0, g.available().weight(0));
        assertTrue(g.available().wholeWeights());
    }

    @Test
    void panicIsEnteredAndLeftOnceEach() {
        GroupHealth g = groups.bind(1, o -> o.healthCheck(h -> h.unhealthyThreshold(1).healthyThreshold(1)));
        UpstreamState a = member(g, "a");
        a.probed(false, "status 500", groups.clock.getAsLong(), groups.clock.getAsLong());
        assertTrue(g.available().panic());
        a.probed(true, "status 200", groups.clock.getAsLong(), groups.clock.getAsLong());

        assertFalse(g.available().panic());
        assertEquals(List.of(Health.UNKNOWN, Health.UNHEALTHY, Health.HEALTHY),
                List.of(groups.changes.get(0).from(), groups.changes.get(0).to(), groups.changes.get(1).to()));
    }
}
