package io.gatehouse.proxy.health;

import static io.gatehouse.proxy.health.Groups.available;
import static io.gatehouse.proxy.health.Groups.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ActiveHealthChecksTest {

    private static final Outcome REFUSED = Outcome.failure(ForwardFailure.CONNECT_FAILED);

    private final Groups groups = new Groups();
    private final FakeScheduler scheduler = new FakeScheduler(groups.clock);
    private final Map<String, Integer> statuses = new HashMap<>();
    private final List<String> probed = new ArrayList<>();

    /** Answers at once with the status set for the upstream (default 200); -1 fails the connection; 0 never answers. */
    private final HealthProber prober = (Endpoint upstream, HealthCheck check) -> {
        probed.add(upstream.id() + " " + check.path());
        int status = statuses.getOrDefault(upstream.id(), 200);
        if (status == -1) {
            return CompletableFuture.failedFuture(new ConnectException("refused"));
        }
        return status == 0 ? new CompletableFuture<>() : CompletableFuture.completedFuture(status);
    };

    private GroupHealth checked(int n) {
        return groups.bind(n, o -> o.healthCheck(h -> h.path("/ready").interval(Duration.ofSeconds(5))
                .jitter(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)).unhealthyThreshold(3).healthyThreshold(2)));
    }

    @Test
    void failingUpstreamIsOutAfterTheThresholdAndBackAfterItRecovers() {
        GroupHealth g = checked(3);
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(1));
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a", "b", "c"), available(g));

        statuses.put("b", 503);
        scheduler.advance(Duration.ofSeconds(12));
        assertEquals(List.of("a", "b", "c"), available(g));
        scheduler.advance(Duration.ofSeconds(6));
        assertEquals(List.of("a", "c"), available(g), "out after 3 failed checks, within 3 x (interval + jitter)");

        statuses.remove("b");
        scheduler.advance(Duration.ofSeconds(12));
        assertEquals(List.of("a", "b", "c"), available(g), "back after 2 passed checks");
        checks.close();
    }

    @Test
    void checksAskForThePathOfEachUpstreamOneAtATime() {
        GroupHealth g = checked(2);
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(2));

        scheduler.advance(Duration.ofSeconds(1));

        assertEquals(List.of("a /ready", "b /ready"), probed.stream().sorted().toList());
        assertEquals(2, checks.checkedUpstreams());
        assertEquals(2, scheduler.pending());
        checks.close();
    }

    @Test
    void eachCheckStartsTheIntervalPlusAJitterWithinItsBoundAfterThePreviousOne() {
        GroupHealth g = checked(1);
        List<Long> starts = new ArrayList<>();
        HealthProber timed = (upstream, check) -> {
            starts.add(groups.clock.getAsLong());
            return CompletableFuture.completedFuture(200);
        };
        long begin = groups.clock.getAsLong();
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), timed, scheduler, new SplittableRandom(3));

        scheduler.advance(Duration.ofSeconds(120));

        assertTrue(starts.get(0) - begin <= Duration.ofSeconds(1).toNanos(), "first check within the jitter");
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (int i = 1; i < starts.size(); i++) {
            long gap = starts.get(i) - starts.get(i - 1);
            shortest = Math.min(shortest, gap);
            longest = Math.max(longest, gap);
        }
        assertTrue(shortest >= Duration.ofSeconds(5).toNanos(), "shortest gap " + Duration.ofNanos(shortest));
        assertTrue(longest <= Duration.ofSeconds(6).toNanos(), "longest gap " + Duration.ofNanos(longest));
        assertTrue(longest - shortest > Duration.ofMillis(500).toNanos(), "gaps vary: the jitter is random");
        assertTrue(starts.size() >= 20 && starts.size() <= 24, "checks in 120 s: " + starts.size());
        checks.close();
    }

    @Test
    void aCheckThatNeverAnswersFailsAtItsTimeout() {
        GroupHealth g = checked(2);
        statuses.put("a", 0);
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(4));

        scheduler.advance(Duration.ofSeconds(25));

        assertEquals(List.of("b"), available(g));
        assertEquals("3 consecutive health checks failed (last: timeout after PT2S)", member(g, "a").status().reason());
        checks.close();
    }

    @Test
    void connectionFailuresAndUnexpectedStatusesFail() {
        GroupHealth g = checked(3);
        statuses.put("a", -1);
        statuses.put("b", 500);
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(5));

        scheduler.advance(Duration.ofSeconds(20));

        assertEquals(List.of("c"), available(g));
        assertEquals("3 consecutive health checks failed (last: ConnectException)", member(g, "a").status().reason());
        assertEquals("3 consecutive health checks failed (last: status 500)", member(g, "b").status().reason());
        checks.close();
    }

    @Test
    void aProberThatThrowsCountsAsAFailedCheck() {
        GroupHealth g = checked(2);
        HealthProber broken = (upstream, check) -> {
            throw new IllegalStateException("client stopped");
        };
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), broken, scheduler, new SplittableRandom(6));

        scheduler.advance(Duration.ofSeconds(20));

        assertTrue(g.available().panic());
        checks.close();
    }

    @Test
    void closedChecksScheduleNothingAndIgnoreLateResults() {
        GroupHealth g = checked(1);
        CompletableFuture<Integer> late = new CompletableFuture<>();
        HealthProber slow = (upstream, check) -> late;
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), slow, scheduler, new SplittableRandom(7));
        scheduler.advance(Duration.ofSeconds(1));

        checks.close();
        late.complete(500);
        scheduler.advance(Duration.ofMinutes(5));

        assertEquals(0, scheduler.pending());
        assertEquals(Health.UNKNOWN, member(g, "a").status().health());
    }

    @Test
    void groupsWithoutACheckAreNotChecked() {
        GroupHealth g = groups.bind(2, o -> { });

        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(8));

        assertEquals(0, checks.checkedUpstreams());
        assertEquals(0, scheduler.pending());
    }

    @Test
    void aStageCompletedWithNullFails() {
        GroupHealth g = checked(2);
        HealthProber nothing = (upstream, check) -> CompletableFuture.completedStage((Integer) null);
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), nothing, scheduler, new SplittableRandom(9));

        scheduler.advance(Duration.ofSeconds(20));

        assertEquals("3 consecutive health checks failed (last: no status)", member(g, "a").status().reason());
        checks.close();
    }

    @Test
    void aPassingCheckEndsAPassiveEjectionLongBeforeItsTime() {
        GroupHealth g = groups.bind(3, o -> o
                .healthCheck(h -> h.interval(Duration.ofSeconds(5)).jitter(Duration.ZERO).healthyThreshold(2))
                .outlierDetection(d -> d.baseEjectionTime(Duration.ofMinutes(5)).maxEjectionTime(Duration.ofMinutes(10))));
        UpstreamState a = member(g, "a");
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(10));
        scheduler.advance(Duration.ofMillis(1));
        Groups.attempts(a, 5, REFUSED);
        assertEquals(List.of("b", "c"), available(g));

        scheduler.advance(Duration.ofSeconds(5));

        assertEquals(List.of("a", "b", "c"), available(g), "back at the first check after the ejection, not after 5 min");
        assertEquals(Health.HEALTHY, a.status().health());
        assertEquals(1, a.status().ejections(), "the ejection still counts towards the back-off (as in Envoy)");
        assertEquals("ejection 1 ended early: a health check sent after it passed (status 200); it followed"
                + " 5 consecutive failures (last: connect failure)", a.status().reason());
        Groups.attempts(a, 5, REFUSED);
        assertEquals(Duration.ofMinutes(10), a.status().ejectedFor(), "the next ejection is the second: 2 x base");
        checks.close();
    }

    @Test
    void aFailingCheckLeavesThePassiveEjectionInPlace() {
        GroupHealth g = groups.bind(3, o -> o
                .healthCheck(h -> h.interval(Duration.ofSeconds(5)).jitter(Duration.ZERO).unhealthyThreshold(3))
                .outlierDetection(d -> d.baseEjectionTime(Duration.ofMinutes(5)).maxEjectionTime(Duration.ofMinutes(10))));
        UpstreamState a = member(g, "a");
        statuses.put("a", 503);
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(11));
        Groups.attempts(a, 5, Outcome.response(502));

        scheduler.advance(Duration.ofSeconds(6));

        assertEquals(Health.EJECTED, a.status().health());
        assertEquals(List.of("b", "c"), available(g));
        checks.close();
    }

    @Test
    void anUpstreamUnhealthyByChecksComesBackAtItsHealthyThresholdEvenIfEjected() {
        GroupHealth g = groups.bind(3, o -> o
                .healthCheck(h -> h.interval(Duration.ofSeconds(5)).jitter(Duration.ZERO).unhealthyThreshold(1)
                        .healthyThreshold(2))
                .outlierDetection(d -> d.baseEjectionTime(Duration.ofMinutes(5)).maxEjectionTime(Duration.ofMinutes(10))));
        UpstreamState a = member(g, "a");
        statuses.put("a", -1);
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(12));
        scheduler.advance(Duration.ofMillis(1));
        Groups.attempts(a, 5, REFUSED);
        assertEquals(Health.UNHEALTHY, a.status().health());

        statuses.remove("a");
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(List.of("b", "c"), available(g), "one pass is below the healthy threshold");
        scheduler.advance(Duration.ofSeconds(5));

        assertEquals(List.of("a", "b", "c"), available(g));
        assertEquals(Health.HEALTHY, a.status().health());
        checks.close();
    }

    @Test
    void aCheckSentBeforeTheEjectionDoesNotEndIt() {
        GroupHealth g = groups.bind(3, o -> o
                .healthCheck(h -> h.interval(Duration.ofSeconds(5)).jitter(Duration.ZERO).timeout(Duration.ofSeconds(2)))
                .outlierDetection(d -> d.baseEjectionTime(Duration.ofMinutes(5)).maxEjectionTime(Duration.ofMinutes(10))));
        UpstreamState a = member(g, "a");
        CompletableFuture<Integer> slow = new CompletableFuture<>();
        HealthProber slowForA = (upstream, check) -> upstream.id().equals("a") ? slow : CompletableFuture.completedFuture(200);
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), slowForA, scheduler, new SplittableRandom(13));
        scheduler.advance(Duration.ofMillis(1));

        Groups.attempts(a, 5, REFUSED);
        slow.complete(200);

        assertEquals(Health.EJECTED, a.status().health());
        checks.close();
    }

    @Test
    void ejectionsCanBeKeptDespitePassingChecks() {
        GroupHealth g = groups.bind(3, o -> o
                .healthCheck(h -> h.interval(Duration.ofSeconds(5)).jitter(Duration.ZERO))
                .outlierDetection(d -> d.healthCheckPassEndsEjection(false)));
        UpstreamState a = member(g, "a");
        ActiveHealthChecks checks = ActiveHealthChecks.start(List.of(g), prober, scheduler, new SplittableRandom(14));
        Groups.attempts(a, 5, REFUSED);

        scheduler.advance(Duration.ofSeconds(29));
        assertEquals(List.of("b", "c"), available(g));
        scheduler.advance(Duration.ofSeconds(1));

        assertEquals(List.of("a", "b", "c"), available(g));
        checks.close();
    }

}
