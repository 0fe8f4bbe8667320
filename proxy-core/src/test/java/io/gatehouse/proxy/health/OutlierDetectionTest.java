package io.gatehouse.proxy.health;

import static io.gatehouse.proxy.health.Groups.attempts;
import static io.gatehouse.proxy.health.Groups.available;
import static io.gatehouse.proxy.health.Groups.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlierDetectionTest {

    private static final Outcome REFUSED = Outcome.failure(ForwardFailure.CONNECT_FAILED);

    private final Groups groups = new Groups();

    @Test
    void consecutiveFailuresEjectTheUpstreamForTheBaseTime() {
        GroupHealth g = groups.bind(3, o -> { });
        UpstreamState a = member(g, "a");

        attempts(a, 4, REFUSED);
        assertEquals(List.of("a", "b", "c"), available(g));

        attempts(a, 1, REFUSED);
        assertEquals(List.of("b", "c"), available(g));
        assertEquals(Health.EJECTED, a.health(groups.clock.getAsLong()));
        assertEquals(Duration.ofSeconds(30), a.status().ejectedFor());
    }

    @Test
    void aSuccessResetsTheCount() {
        GroupHealth g = groups.bind(3, o -> { });
        UpstreamState a = member(g, "a");

        attempts(a, 4, Outcome.response(503));
        attempts(a, 1, Outcome.response(200));
        attempts(a, 4, Outcome.response(502));

        assertEquals(List.of("a", "b", "c"), available(g));
        assertEquals(4, a.status().consecutiveFailures());
    }

    @Test
    void serverErrorsTimeoutsAndResetsCountButCancelledAttemptsDoNot() {
        GroupHealth g = groups.bind(3, o -> { });
        UpstreamState a = member(g, "a");

        attempts(a, 1, Outcome.response(500));
        attempts(a, 1, Outcome.failure(ForwardFailure.RESPONSE_TIMEOUT));
        attempts(a, 1, Outcome.failure(ForwardFailure.UPSTREAM_FAILED));
        attempts(a, 3, Outcome.failure(ForwardFailure.STALE_CONNECTION));
        attempts(a, 3, Outcome.cancelled());
        assertEquals(3, a.status().consecutiveFailures());

        attempts(a, 1, Outcome.failure(ForwardFailure.CONNECT_TIMEOUT));
        attempts(a, 1, REFUSED);
        assertEquals(Health.EJECTED, a.status().health());
    }

    @Test
    void anEjectedUpstreamComesBackOnItsOwnOnceItsTimeIsUp() {
        GroupHealth g = groups.bind(3, o -> { });
        UpstreamState a = member(g, "a");
        attempts(a, 5, REFUSED);

        groups.clock.advance(Duration.ofSeconds(29));
        assertEquals(List.of("b", "c"), available(g));

        groups.clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a", "b", "c"), available(g));
        assertEquals(Health.HEALTHY, a.status().health());
    }

    @Test
    void repeatedEjectionsLastBaseTimesTheirNumberUpToTheCap() {
        GroupHealth g = groups.bind(3, o -> o.outlierDetection(d -> d.baseEjectionTime(Duration.ofSeconds(10)).maxEjectionTime(Duration.ofSeconds(25))));
        UpstreamState a = member(g, "a");

        List<Duration> ejections = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attempts(a, 5, REFUSED);
            Duration time = a.status().ejectedFor();
            ejections.add(time);
            groups.clock.advance(time);
            available(g);
        }

        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(25),
                Duration.ofSeconds(25)), ejections);
    }

    @Test
    void eachBaseTimeSpentCleanForgetsOneEjection() {
        GroupHealth g = groups.bind(3, o -> o.outlierDetection(d -> d.baseEjectionTime(Duration.ofSeconds(10))));
        UpstreamState a = member(g, "a");
        attempts(a, 5, REFUSED);
        groups.clock.advance(Duration.ofSeconds(10));
        attempts(a, 5, REFUSED);
        assertEquals(Duration.ofSeconds(20), a.status().ejectedFor());
        groups.clock.advance(Duration.ofSeconds(20));

        groups.clock.advance(Duration.ofSeconds(10));
        assertEquals(1, a.status().ejections());
        groups.clock.advance(Duration.ofSeconds(10));
        assertEquals(0, a.status().ejections());

        attempts(a, 5, REFUSED);
        assertEquals(Duration.ofSeconds(10), a.status().ejectedFor());
    }

    @Test
    void neverMoreThanTheMaximumShareIsEjected() {
        GroupHealth g = groups.bind(4, o -> { });

        for (String id : List.of("a", "b", "c", "d")) {
            attempts(member(g, id), 5, REFUSED);
        }

        assertEquals(List.of("c", "d"), available(g));
        assertEquals(Health.HEALTHY, member(g, "c").status().health());
    }

    @Test
    void theOnlyUpstreamOfAGroupIsNeverEjected() {
        GroupHealth g = groups.bind(1, o -> { });

        attempts(member(g, "a"), 50, REFUSED);

        assertEquals(List.of("a"), available(g));
    }

    @Test
    void maxShareOfOneAllowsEjectingEverything() {
        GroupHealth g = groups.bind(2, o -> o.outlierDetection(d -> d.maxEjectedShare(1.0)));

        attempts(member(g, "a"), 5, REFUSED);
        attempts(member(g, "b"), 5, REFUSED);

        assertEquals(2, g.members().stream().filter(s -> s.status().health() == Health.EJECTED).count());
    }

    @Test
    void disabledDetectionNeverEjects() {
        GroupHealth g = groups.registry.bind(Groups.group(3, o -> o.outlierDetection(OutlierDetection.disabled())),
                Duration.ofSeconds(10));

        attempts(member(g, "a"), 100, REFUSED);

        assertEquals(List.of("a", "b", "c"), available(g));
    }

    @Test
    void ejectionAndReturnAreEachReportedOnceWithTheirReason() {
        GroupHealth g = groups.bind(3, o -> { });
        UpstreamState a = member(g, "a");

        attempts(a, 5, REFUSED);
        attempts(a, 5, REFUSED);
        groups.clock.advance(Duration.ofSeconds(30));
        available(g);
        available(g);
        a.status();

        assertEquals(List.of(
                new HealthChange("g", "a", Health.HEALTHY, Health.EJECTED,
                        "5 consecutive failures (last: connect failure); ejected for PT30S (ejection 1)"),
                new HealthChange("g", "a", Health.EJECTED, Health.HEALTHY,
                        "ejection 1 ended; it followed 5 consecutive failures (last: connect failure)")), groups.changes);
    }

    @Test
    void builderRejectsValuesOutsideTheirRange() {
        assertEquals("consecutiveFailures: 0 (expected: 1 or more)", assertThrows(IllegalArgumentException.class,
                () -> OutlierDetection.builder().consecutiveFailures(0)).getMessage());
        assertEquals("baseEjectionTime: PT-1S (expected: a positive duration)", assertThrows(IllegalArgumentException.class,
                () -> OutlierDetection.builder().baseEjectionTime(Duration.ofSeconds(-1))).getMessage());
        assertEquals("maxEjectedShare: NaN (expected: 0.0-1.0, e.g. 0.5 for half)", assertThrows(IllegalArgumentException.class,
                () -> OutlierDetection.builder().maxEjectedShare(Double.NaN)).getMessage());
        assertTrue(OutlierDetection.defaults().enabled());
        assertFalse(OutlierDetection.disabled().enabled());
        assertTrue(OutlierDetection.defaults().healthCheckPassEndsEjection(), "on by default, as in Envoy");
        assertFalse(OutlierDetection.builder().healthCheckPassEndsEjection(false).build().healthCheckPassEndsEjection());
    }
}
