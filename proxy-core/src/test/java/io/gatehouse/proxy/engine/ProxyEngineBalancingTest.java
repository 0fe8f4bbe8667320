package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.ProxyConfigException;
import io.gatehouse.proxy.UpstreamGroup;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.balancing.LoadBalancers;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.FakeClock;
import io.gatehouse.proxy.health.Health;
import io.gatehouse.proxy.health.HealthChange;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.health.UpstreamStatus;
import io.gatehouse.proxy.http.FakeRequest;
import io.gatehouse.proxy.resilience.BodyState;
import io.gatehouse.proxy.resilience.RetryDecision;
import io.gatehouse.proxy.split.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine's load balancer stage: traffic split, health filtering, runtime state across swaps, failover. */
class ProxyEngineBalancingTest {

    private final FakeClock clock = new FakeClock();
    private final List<HealthChange> changes = new ArrayList<>();
    private final UpstreamRegistry registry = UpstreamRegistry.create(clock, changes::add);

    private static ProxyConfig.Builder threeUpstreams(java.util.function.Consumer<UpstreamGroup.Builder> options) {
        return ProxyConfig.builder().upstreamGroup("g", g -> {
            g.upstream("http://127.0.0.1:9001", u -> u.id("a"))
                    .upstream("http://127.0.0.1:9002", u -> u.id("b"))
                    .upstream("http://127.0.0.1:9003", u -> u.id("c"));
            options.accept(g);
        });
    }

    /** The plan of the first attempt: the engine routes, then the failover picks an upstream (its lease given back). */
    private static ForwardPlan plan(ProxyEngine engine, FakeRequest request) {
        Decision.Forward forward = assertInstanceOf(Decision.Forward.class, engine.decide(request, ""));
        Failover failover = engine.failover(forward.plan(), forward.request());
        Attempt first = failover.first();
        assertNotNull(first, "no upstream: " + failover.rejection());
        first.complete(Outcome.cancelled());
        failover.close();
        return first.plan();
    }

    /** Where the engine routes the request (no upstream picked yet). */
    private static RoutePlan route(ProxyEngine engine, FakeRequest request) {
        return assertInstanceOf(Decision.Forward.class, engine.decide(request, "")).plan();
    }

    /** The answer when the first attempt finds no upstream: the engine routed the request, the failover refuses it. */
    private static Decision.Reject noUpstream(ProxyEngine engine, FakeRequest request) {
        Decision.Forward forward = assertInstanceOf(Decision.Forward.class, engine.decide(request, ""));
        Failover failover = engine.failover(forward.plan(), forward.request());
        assertNull(failover.first(), "an upstream was found");
        failover.close();
        forward.close();
        return failover.rejection();
    }

    private static void fail(ProxyEngine engine, String upstream, int times) {
        for (int i = 0; i < times; i++) {
            engine.upstreams().group("g").members().stream().filter(s -> s.upstreamId().equals(upstream)).findFirst()
                    .orElseThrow().tryLease(0).complete(Outcome.failure(ForwardFailure.CONNECT_FAILED));
        }
    }

    @Test
    void anEjectedUpstreamGetsNoRequests() {
        ProxyEngine engine = ProxyEngine.of(threeUpstreams(g -> { }).route("r", r -> r.to("g")).build(), registry);
        fail(engine, "b", 5);

        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            chosen.add(plan(engine, get("/")).upstream().id());
        }

        assertEquals(Set.of("a", "c"), chosen);
    }

    @Test
    void withNothingHealthyAndPanicOffTheAnswerIs503WithRetryAfter() {
        ProxyEngine engine = ProxyEngine.of(threeUpstreams(g -> g.panicMode(false)
                .outlierDetection(o -> o.maxEjectedShare(1))).route("r", r -> r.to("g")).build(), registry);
        fail(engine, "a", 5);
        fail(engine, "b", 5);
        fail(engine, "c", 5);

        Decision.Reject reject = noUpstream(engine, get("/"));

        assertEquals(ForwardFailure.NO_UPSTREAM.problem(), reject.problem());
        assertEquals("30", reject.headers().get("Retry-After"));
    }

    @Test
    void theStateOfUpstreamsSurvivesAConfigurationSwap() {
        ProxyEngine first = ProxyEngine.of(threeUpstreams(g -> { }).route("r", r -> r.to("g")).build(), registry);
        fail(first, "b", 5);

        ProxyEngine second = ProxyEngine.of(threeUpstreams(g -> g.loadBalancer(LoadBalancers.leastRequests()))
                .route("r", r -> r.pathPrefix("/v2").to("g")).build(), first);

        assertSame(registry, second.upstreams());
        assertEquals(Health.EJECTED, second.upstreams().status("g", "b").health());
        for (int i = 0; i < 10; i++) {
            assertTrue(!plan(second, get("/v2")).upstream().id().equals("b"));
        }
    }

    @Test
    void theStatusOfEveryUpstreamIsReadable() {
        ProxyEngine engine = ProxyEngine.of(threeUpstreams(g -> { }).route("r", r -> r.to("g")).build(), registry);
        fail(engine, "c", 5);

        List<UpstreamStatus> statuses = engine.upstreams().statuses();

        assertEquals(List.of("a", "b", "c"), statuses.stream().map(UpstreamStatus::upstreamId).toList());
        assertEquals(List.of(Health.HEALTHY, Health.HEALTHY, Health.EJECTED),
                statuses.stream().map(UpstreamStatus::health).toList());
        assertEquals(1, changes.size());
    }

    @Test
    void aCanarySplitSendsItsShareToTheCanaryGroup() {
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("stable", g -> g.upstream("http://127.0.0.1:9001"))
                .upstreamGroup("canary", g -> g.upstream("http://127.0.0.1:9002"))
                .route("r", r -> r.split(TrafficSplit.weighted().to("stable", 90).to("canary", 10)))
                .build(), registry);

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(plan(engine, get("/")).group().id(), 1, Integer::sum);
        }

        double canary = counts.get("canary") / 20_000.0;
        assertTrue(Math.abs(canary - 0.10) < 0.015, "canary share " + canary);
    }

    @Test
    void anAbSplitByHeaderFallsBackToTheRoutesGroup() {
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("a", g -> g.upstream("http://127.0.0.1:9001"))
                .upstreamGroup("b", g -> g.upstream("http://127.0.0.1:9002"))
                .route("r", r -> r.to("a").split(TrafficSplit.byHeader("X-Variant").when("b", "b")))
                .build(), registry);

        assertEquals("b", plan(engine, get("/").header("X-Variant", "b")).group().id());
        assertEquals("a", plan(engine, get("/")).group().id());
    }

    @Test
    void aSplitToAnUndeclaredGroupIsRefusedAtBuild() {
        ProxyConfig.Builder builder = ProxyConfig.builder()
                .upstreamGroup("a", g -> g.upstream("http://127.0.0.1:9001"))
                .route("r", r -> r.to("a").split(TrafficSplit.byNetwork().when("10.0.0.0/8", "internal")));

        ProxyConfigException e = assertThrows(ProxyConfigException.class, builder::build);

        assertEquals(List.of("route 'r' splits traffic to upstream group 'internal', which is not declared; declare it"
                + " with .upstreamGroup(\"internal\", ...) or fix the id (known: [a])"), e.problems());
    }

    @Test
    void failoverRetriesAConnectFailureOnAnotherUpstream() {
        ProxyEngine engine = ProxyEngine.of(threeUpstreams(g -> { }).route("r", r -> r.to("g")).build(), registry);
        FakeRequest request = get("/users").method("POST");
        Failover failover = engine.failover(route(engine, request), request);
        Attempt first = failover.first();
        RetryDecision decision = failover.onFailure(first, ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT);
        Attempt second = failover.next();

        assertTrue(decision.retry(), decision.reason());
        assertTrue(!second.upstream().equals(first.upstream()));
        second.complete(Outcome.response(201));
        failover.close();
        assertEquals(0, engine.upstreams().statuses().stream().mapToInt(UpstreamStatus::inFlight).sum());
    }

    @Test
    void aPlanOfAnotherEngineIsRefused() {
        ProxyConfig config = threeUpstreams(g -> { }).route("r", r -> r.to("g")).build();
        ProxyEngine one = ProxyEngine.of(config, registry);
        ProxyEngine two = ProxyEngine.of(threeUpstreams(g -> { }).route("r", r -> r.to("g")).build(), one);

        assertThrows(IllegalArgumentException.class, () -> two.failover(route(one, get("/")), get("/")));
        assertNotNull(one.failover(route(one, get("/")), get("/")));
    }

    @Test
    void upstreamsAtTheirLimitAreRefusedWith503AndRetryAfter() {
        ProxyEngine engine = ProxyEngine.of(threeUpstreams(g -> g.maxRequestsPerUpstream(1))
                .route("r", r -> r.to("g")).build(), registry);
        engine.upstreams().group("g").members().forEach(s -> s.tryLease(1));

        Decision.Reject reject = noUpstream(engine, get("/"));

        assertEquals(503, reject.problem().status());
        assertEquals(ForwardFailure.UPSTREAMS_BUSY.problem(), reject.problem());
        assertEquals("1", reject.headers().get("Retry-After"));
    }

    @Test
    void activeHealthChecksStartOnlyForGroupsWithACheck() {
        ProxyEngine engine = ProxyEngine.of(threeUpstreams(g -> g.healthCheck(h -> h.interval(Duration.ofSeconds(5))))
                .upstreamGroup("plain", g -> g.upstream("http://127.0.0.1:9009"))
                .route("r", r -> r.to("g")).build(), registry);
        List<Runnable> scheduled = new ArrayList<>();

        try (var checks = engine.startHealthChecks((upstream, check) -> new java.util.concurrent.CompletableFuture<>(),
                (task, delay) -> {
                    scheduled.add(task);
                    return () -> { };
                })) {
            assertEquals(3, checks.checkedUpstreams());
            assertEquals(3, scheduled.size());
        }
    }
}
