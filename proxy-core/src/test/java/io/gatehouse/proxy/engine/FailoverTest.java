package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.resilience.BodyState;
import io.gatehouse.proxy.resilience.RetryBudget;
import io.gatehouse.proxy.resilience.RetryDecision;
import io.gatehouse.proxy.resilience.RetryPolicy;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.Upstream;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.balancing.GroupBalancer;
import io.gatehouse.proxy.balancing.SessionAffinity;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.FakeClock;
import io.gatehouse.proxy.health.GroupHealth;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.FakeRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FailoverTest {

    private final FakeClock clock = new FakeClock();
    private final SplittableRandom random = new SplittableRandom(9);
    private GroupBalancer balancer;
    private UpstreamGroup group;
    private Route route;
    private RetryBudget budget;

    /** Group {@code g} of upstreams a, b, c (bases /a, /b, /c) and route {@code r} with this retry policy. */
    private void setUp(int upstreams, RetryPolicy retry, Consumer<UpstreamGroup.Builder> options) {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("g", g -> {
                    for (int i = 0; i < upstreams; i++) {
                        String id = String.valueOf((char) ('a' + i));
                        g.upstream("http://127.0.0.1:" + (9001 + i) + "/" + id, u -> u.id(id));
                    }
                    options.accept(g);
                })
                .route("r", r -> r.pathPrefix("/users").to("g").retry(retry))
                .build();
        group = config.upstreamGroup("g");
        GroupHealth health = UpstreamRegistry.create(clock, change -> { }).bind(group, Duration.ofSeconds(10));
        balancer = GroupBalancer.of(group, health);
        route = config.routes().get(0);
        budget = retry.newBudget(clock);
    }

    private void setUp(int upstreams, RetryPolicy retry) {
        setUp(upstreams, retry, g -> { });
    }

    /** The failover of a request the engine routed to the group; the first attempt picks its upstream. */
    private Failover failover(FakeRequest request) {
        RoutePlan plan = new RoutePlan(route, group, request.path(), null, "", "", "");
        budget.recordRequest();
        return new Failover(balancer, plan, request, route.retry(), budget, () -> random,
                () -> Instant.parse("2026-11-23T10:00:00Z"));
    }

    private int inFlight() {
        return balancer.health().members().stream().mapToInt(UpstreamState::inFlight).sum();
    }

    @Test
    void eachRetryGoesToAnUpstreamNotTriedYet() {
        setUp(3, RetryPolicy.defaults());
        Failover failover = failover(get("/users/7"));

        Set<String> upstreams = new HashSet<>();
        Attempt attempt = failover.first();
        for (int i = 0; i < 2; i++) {
            upstreams.add(attempt.upstream().id());
            RetryDecision decision = failover.onFailure(attempt, ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT);
            assertTrue(decision.retry(), decision.reason());
            attempt = failover.next();
        }
        upstreams.add(attempt.upstream().id());

        assertEquals(Set.of("a", "b", "c"), upstreams);
        assertEquals(3, attempt.number());
        RetryDecision last = failover.onFailure(attempt, ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT);
        assertFalse(last.retry());
        assertEquals(0, inFlight());
    }

    @Test
    void theNextAttemptCarriesThePathOnItsOwnUpstreamsBase() {
        setUp(2, RetryPolicy.defaults());
        Failover failover = failover(get("/users/7"));
        Attempt first = failover.first();

        failover.onFailure(first, ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT);
        Attempt second = failover.next();

        assertNotEquals(first.upstream(), second.upstream());
        assertEquals("/" + second.upstream().id() + "/users/7", second.plan().path());
        assertEquals("/" + second.upstream().id(), second.plan().upstreamPrefix());
        assertEquals(first.plan().route(), second.plan().route());
    }

    @Test
    void leasesCountInFlightAndEveryPathReleasesThem() {
        setUp(3, RetryPolicy.defaults());
        Failover failover = failover(get("/users/7"));

        Attempt first = failover.first();
        assertEquals(1, inFlight());
        failover.onFailure(first, ForwardFailure.UPSTREAM_FAILED, BodyState.REPLAYABLE);
        assertEquals(0, inFlight());
        Attempt second = failover.next();
        assertEquals(1, inFlight());
        failover.onResponse(second, 200, BodyState.REPLAYABLE, null);
        assertEquals(1, inFlight(), "a relayed response is under way until the adapter completes it");

        failover.close();
        failover.close();
        assertEquals(0, inFlight());
        assertTrue(second.completed());
    }

    @Test
    void aRetried503IsCompletedAndCountsAgainstItsUpstream() {
        setUp(3, RetryPolicy.defaults());
        Failover failover = failover(get("/users/7"));
        Attempt first = failover.first();

        RetryDecision decision = failover.onResponse(first, 503, BodyState.REPLAYABLE, null);

        assertTrue(decision.retry());
        assertTrue(first.completed());
        assertEquals(1, first.state().status().consecutiveFailures());
    }

    @Test
    void aPostThatReachedAnUpstreamIsNotReplayedUnlessTheRouteOptsIn() {
        setUp(3, RetryPolicy.defaults());
        Failover plain = failover(get("/users").method("POST"));
        assertFalse(plain.onResponse(plain.first(), 503, BodyState.REPLAYABLE, null).retry());

        setUp(3, RetryPolicy.builder().retryNonIdempotent(true).build());
        Failover optedIn = failover(get("/users").method("POST"));
        assertTrue(optedIn.onResponse(optedIn.first(), 503, BodyState.REPLAYABLE, null).retry());
    }

    @Test
    void aLargePostRefusedBeforeAnythingWasSentIsRetried() {
        setUp(2, RetryPolicy.defaults());
        Failover failover = failover(get("/users").method("POST"));

        assertTrue(failover.onFailure(failover.first(), ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT).retry());
    }

    @Test
    void aPostThatTimedOutAfterItWasSentIsNotRetried() {
        setUp(2, RetryPolicy.defaults());
        Failover failover = failover(get("/users").method("POST"));

        RetryDecision decision = failover.onFailure(failover.first(), ForwardFailure.RESPONSE_TIMEOUT,
                BodyState.NOT_REPLAYABLE);

        assertFalse(decision.retry());
    }

    @Test
    void staleConnectionsAreRetriedOnAFreshOneToTheSameUpstreamWithoutUsingAnAttempt() {
        setUp(3, RetryPolicy.none());
        Failover failover = failover(get("/users/7"));
        Attempt first = failover.first();

        RetryDecision decision = failover.onFailure(first, ForwardFailure.STALE_CONNECTION, BodyState.REPLAYABLE);
        assertTrue(decision.freshConnection());
        Attempt second = failover.next();

        assertEquals(first.upstream(), second.upstream());
        assertTrue(second.freshConnection());
        assertEquals(0, first.state().status().consecutiveFailures(), "a stale pooled connection is no verdict");
        assertFalse(failover.onFailure(second, ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT).retry(),
                "RetryPolicy.none() still allows no retry of its own");
    }

    @Test
    void repeatedStaleFailuresEndUpCountedAsResets() {
        setUp(1, RetryPolicy.none());
        Failover failover = failover(get("/users/7"));
        Attempt attempt = failover.first();
        for (int i = 0; i < Failover.MAX_FRESH_CONNECTION_RETRIES; i++) {
            assertTrue(failover.onFailure(attempt, ForwardFailure.STALE_CONNECTION, BodyState.REPLAYABLE).retry());
            attempt = failover.next();
        }

        RetryDecision decision = failover.onFailure(attempt, ForwardFailure.STALE_CONNECTION, BodyState.REPLAYABLE);

        assertFalse(decision.retry());
        assertEquals(1, attempt.state().status().consecutiveFailures());
    }

    @Test
    void aSpentBudgetStopsRetries() {
        setUp(3, RetryPolicy.builder().budget(0.1, 0, Duration.ofSeconds(10)).build());
        int retried = 0;
        for (int i = 0; i < 100; i++) {
            Failover failover = failover(get("/users/" + i));
            RetryDecision decision = failover.onFailure(failover.first(), ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT);
            if (decision.retry()) {
                retried++;
            } else {
                assertEquals("connect failure; the route's retry budget is spent", decision.reason());
            }
            failover.close();
        }

        assertEquals(10, retried);
    }

    @Test
    void aStatusIsRetriedOnlyOnUpstreamsThatHaveNotAnsweredByDefault() {
        setUp(1, RetryPolicy.defaults());
        Failover alone = failover(get("/users/7"));
        RetryDecision once = alone.onResponse(alone.first(), 503, BodyState.REPLAYABLE, null);
        assertFalse(once.retry(), "the only upstream answered: its 503 is relayed, not asked for again");
        assertEquals("status 503 and every available upstream was tried by this request (a status is retried only on"
                + " an upstream not tried yet; see retryStatusOnSameUpstream)", once.reason());

        setUp(2, RetryPolicy.defaults());
        Failover two = failover(get("/users/7"));
        Attempt first = two.first();
        assertTrue(two.onResponse(first, 502, BodyState.REPLAYABLE, null).retry());
        Attempt second = two.next();
        assertNotEquals(first.upstream().id(), second.upstream().id());
        assertFalse(two.onResponse(second, 504, BodyState.REPLAYABLE, null).retry(),
                "both upstreams answered: the third attempt would ask one of them again");
        two.close();
        assertEquals(0, inFlight());
    }

    @Test
    void aConnectFailureStillRetriesTheOnlyUpstream() {
        setUp(1, RetryPolicy.defaults());
        Failover failover = failover(get("/users/7"));
        assertTrue(failover.onFailure(failover.first(), ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT).retry());
    }

    @Test
    void noneTurnsEveryRetryOff() {
        setUp(3, RetryPolicy.none());
        Failover failover = failover(get("/users/7"));
        assertFalse(failover.onResponse(failover.first(), 503, BodyState.REPLAYABLE, null).retry());
        setUp(3, RetryPolicy.none());
        Failover failed = failover(get("/users/7"));
        assertFalse(failed.onFailure(failed.first(), ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT).retry());
    }

    @Test
    void aRetryToTheOnlyUpstreamWaitsForItsRetryAfter() {
        setUp(1, RetryPolicy.builder().retryStatusOnSameUpstream(true).build());
        Failover failover = failover(get("/users/7"));

        RetryDecision decision = failover.onResponse(failover.first(), 503, BodyState.REPLAYABLE,
                "Mon, 23 Nov 2026 10:00:01 GMT");

        assertTrue(decision.retry());
        assertEquals(Duration.ofSeconds(1), decision.delay());
        assertFalse(failover.onResponse(failover.next(), 503, BodyState.REPLAYABLE, "5").retry());
    }

    @Test
    void anUpstreamAtItsLimitIsPassedOverForTheFirstAttempt() {
        setUp(2, RetryPolicy.defaults(), g -> g.maxRequestsPerUpstream(1));
        Upstream a = group.upstreams().get(0);
        Failover failover = failover(get("/users/7"));
        // another request holds a's only slot when the first attempt is picked
        balancer.state(a).tryLease(1);

        Attempt attempt = failover.first();

        assertEquals("b", attempt.upstream().id());
        assertEquals("/b/users/7", attempt.plan().path());
    }

    @Test
    void whenEveryUpstreamIsFullTheRequestIsRefusedWithRetryAfter() {
        setUp(2, RetryPolicy.defaults(), g -> g.maxRequestsPerUpstream(1));
        Failover failover = failover(get("/users/7"));
        for (UpstreamState state : balancer.health().members()) {
            state.tryLease(1);
        }

        assertNull(failover.first());
        Decision.Reject reject = failover.rejection();
        assertEquals(ForwardFailure.UPSTREAMS_BUSY.problem(), reject.problem());
        assertEquals(Map.of("Retry-After", "1"), reject.headers());
    }

    @Test
    void attemptsCarryTheAffinityCookieOfTheirUpstream() {
        setUp(2, RetryPolicy.defaults(), g -> g.sessionAffinity(SessionAffinity.cookie("pin")));
        Failover failover = failover(get("/users/7"));
        Attempt first = failover.first();
        failover.onFailure(first, ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT);
        Attempt second = failover.next();

        String value = SessionAffinity.cookie("pin").cookieValue("g", second.upstream());
        assertEquals("pin=" + value + "; Path=/; HttpOnly; SameSite=Lax", second.setCookie());
    }

    @Test
    void nextWithoutARetryDecisionIsAMistake() {
        setUp(2, RetryPolicy.defaults());
        Failover failover = failover(get("/users/7"));
        Attempt first = failover.first();
        failover.onResponse(first, 200, BodyState.REPLAYABLE, null);

        assertEquals("next() needs a retry decision from onFailure or onResponse",
                assertThrows(IllegalStateException.class, failover::next).getMessage());
        assertEquals(List.of(first), failover.attempts());
        first.complete(Outcome.response(200));
    }
}
