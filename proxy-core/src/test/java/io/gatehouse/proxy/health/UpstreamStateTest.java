package io.gatehouse.proxy.health;

import static io.gatehouse.proxy.health.Groups.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamStateTest {

    private final Groups groups = new Groups();

    @Test
    void aLeaseCountsInFlightUntilCompleted() {
        UpstreamState a = member(groups.bind(2, o -> { }), "a");

        Lease first = a.tryLease(0);
        Lease second = a.tryLease(0);
        assertEquals(2, a.inFlight());

        first.complete(Outcome.response(200));
        assertEquals(1, a.inFlight());
        second.complete(Outcome.cancelled());
        assertEquals(0, a.inFlight());
    }

    @Test
    void completingTwiceCountsOnce() {
        GroupHealth g = groups.bind(2, o -> o.outlierDetection(d -> d.consecutiveFailures(2)));
        UpstreamState a = member(g, "a");
        Lease lease = a.tryLease(0);

        assertTrue(lease.complete(Outcome.failure(ForwardFailure.CONNECT_FAILED)));
        assertFalse(lease.complete(Outcome.failure(ForwardFailure.CONNECT_FAILED)));
        assertFalse(lease.complete(Outcome.cancelled()));

        assertEquals(0, a.inFlight());
        assertEquals(0, g.inFlight());
        assertEquals(1, a.status().consecutiveFailures());
        assertTrue(lease.completed());
    }

    @Test
    void aLimitRefusesLeasesOverIt() {
        UpstreamState a = member(groups.bind(2, o -> { }), "a");

        Lease first = a.tryLease(2);
        Lease second = a.tryLease(2);
        assertNull(a.tryLease(2));

        first.complete(Outcome.response(200));
        Lease third = a.tryLease(2);
        assertEquals(2, a.inFlight());
        second.complete(Outcome.response(200));
        third.complete(Outcome.response(200));
    }

    @Test
    void latencyIsMeasuredToTheResponseHeadWhenReported() {
        UpstreamState a = member(groups.bind(2, o -> { }), "a");
        Lease lease = a.tryLease(0);

        groups.clock.advance(Duration.ofMillis(20));
        lease.headReceived();
        groups.clock.advance(Duration.ofSeconds(5));
        lease.complete(Outcome.response(200));

        assertEquals(Duration.ofMillis(20), a.status().latency());
    }

    @Test
    void latencyWithoutHeadIsMeasuredToCompletion() {
        UpstreamState a = member(groups.bind(2, o -> { }), "a");
        Lease lease = a.tryLease(0);

        groups.clock.advance(Duration.ofMillis(30));
        lease.complete(Outcome.failure(ForwardFailure.RESPONSE_TIMEOUT));

        assertEquals(Duration.ofMillis(30), a.status().latency());
    }

    @Test
    void fastFailuresAreNoLatencySamples() {
        UpstreamState a = member(groups.bind(2, o -> { }), "a");

        a.tryLease(0).complete(Outcome.response(503));
        a.tryLease(0).complete(Outcome.failure(ForwardFailure.CONNECT_FAILED));

        assertFalse(a.latencySampled());
        assertEquals(Duration.ZERO, a.status().latency());
    }

    @Test
    void statusShowsTheRuntimeState() {
        GroupHealth g = groups.bind(2, o -> { });
        UpstreamState a = member(g, "a");
        Lease open = a.tryLease(0);

        UpstreamStatus status = a.status();

        assertEquals(new UpstreamStatus("g", "a", Health.HEALTHY, true, "", 1, Duration.ZERO, 0, 0, Duration.ZERO, 1.0),
                status);
        open.complete(Outcome.cancelled());
    }

    @Test
    void activeChecksNeedTheirThresholdsToChangeHealth() {
        GroupHealth g = groups.bind(2, o -> o.healthCheck(h -> h.unhealthyThreshold(3).healthyThreshold(2)));
        UpstreamState a = member(g, "a");
        long now = groups.clock.getAsLong();
        assertEquals(Health.UNKNOWN, a.health(now));
        assertTrue(a.available(now));

        a.probed(false, "status 500", now, now);
        a.probed(false, "status 500", now, now);
        assertTrue(a.available(now));
        a.probed(false, "timeout after PT2S", now, now);
        assertEquals(Health.UNHEALTHY, a.health(now));

        a.probed(true, "status 200", now, now);
        assertFalse(a.available(now));
        a.probed(true, "status 200", now, now);
        assertEquals(Health.HEALTHY, a.health(now));

        assertEquals(List.of(
                new HealthChange("g", "a", Health.UNKNOWN, Health.UNHEALTHY,
                        "3 consecutive health checks failed (last: timeout after PT2S)"),
                new HealthChange("g", "a", Health.UNHEALTHY, Health.HEALTHY,
                        "2 consecutive health checks passed (status 200)")), groups.changes);
    }

    @Test
    void theFirstPassingCheckMakesAnUnknownUpstreamHealthy() {
        GroupHealth g = groups.bind(2, o -> o.healthCheck(h -> h.healthyThreshold(3)));
        UpstreamState a = member(g, "a");

        a.probed(true, "status 204", groups.clock.getAsLong(), groups.clock.getAsLong());

        assertEquals(Health.HEALTHY, a.status().health());
        assertEquals("first health check passed (status 204)", a.status().reason());
    }

    @Test
    void aPassBetweenFailuresRestartsTheCount() {
        GroupHealth g = groups.bind(2, o -> o.healthCheck(h -> h.unhealthyThreshold(2)));
        UpstreamState a = member(g, "a");
        long now = groups.clock.getAsLong();

        a.probed(false, "status 500", now, now);
        a.probed(true, "status 200", now, now);
        a.probed(false, "status 500", now, now);

        assertTrue(a.available(now));
    }
}
