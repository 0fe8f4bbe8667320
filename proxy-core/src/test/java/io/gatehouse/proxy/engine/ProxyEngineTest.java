package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.Configs;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.http.FakeRequest;
import io.gatehouse.proxy.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProxyEngineTest {

    /** An engine with group {@code users} on {@code http://127.0.0.1:9001/v1} and one route {@code r}. */
    private static ProxyEngine engine(Consumer<Route.Builder> route) {
        return ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001/v1"))
                .route("r", r -> route.accept(r.to("users")))
                .build());
    }

    /** The plan of the first attempt: the engine routes, then the failover picks an upstream (its lease given back). */
    private static ForwardPlan plan(ProxyEngine engine, FakeRequest request, String mountPrefix) {
        Decision.Forward forward = assertInstanceOf(Decision.Forward.class, engine.decide(request, mountPrefix));
        Failover failover = engine.failover(forward.plan(), forward.request());
        Attempt first = failover.first();
        assertNotNull(first, "no upstream: " + failover.rejection());
        first.complete(Outcome.cancelled());
        failover.close();
        return first.plan();
    }

    @Test
    void requestWithoutRouteIsRejectedWithA404Problem() {
        Decision decision = engine(r -> r.pathPrefix("/users")).decide(get("/orders"), "");

        Decision.Reject reject = assertInstanceOf(Decision.Reject.class, decision);
        assertEquals(new Problem(404, "Not Found", "No route matches this request."), reject.problem());
        assertEquals(List.of("X-Request-Id"), List.copyOf(reject.headers().keySet()));
        // RFC 9457: the proxy's own errors never name an upstream address
        assertFalse(reject.problem().toJson().contains("127.0.0.1"));
    }

    @Test
    void groupWhoseBalancerFindsNothingIsRejectedWithA503Problem() {
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001").loadBalancer(members -> (c, r) -> null))
                .route("r", r -> r.to("users"))
                .build());

        Decision.Forward forward = assertInstanceOf(Decision.Forward.class, engine.decide(get("/"), ""),
                "routing needs no upstream: the cache may still answer");
        Failover failover = engine.failover(forward.plan(), forward.request());
        assertNull(failover.first());
        assertEquals(503, failover.rejection().problem().status());
    }

    @Test
    void forwardedPathStartsWithTheUpstreamBasePath() {
        ForwardPlan plan = plan(engine(r -> r.pathPrefix("/users")), get("/users/7"), "");

        assertEquals("/v1/users/7", plan.path());
        assertEquals("r", plan.route().id());
        assertEquals("users", plan.group().id());
        assertEquals("http://127.0.0.1:9001/v1", plan.upstream().id());
    }

    @Test
    void strippedPathStillGetsTheUpstreamBasePath() {
        ProxyEngine engine = engine(r -> r.pathPrefix("/users").stripPrefix());

        assertEquals("/v1/7", plan(engine, get("/users/7"), "").path());
        assertEquals("/v1/", plan(engine, get("/users"), "").path());
    }

    @Test
    void rewrittenTemplatePathGetsTheUpstreamBasePath() {
        ProxyEngine engine = engine(r -> r.pathTemplate("/users/{id}").rewritePath("/accounts/{id}"));

        assertEquals("/v1/accounts/7", plan(engine, get("/users/7"), "").path());
    }

    @Test
    void queryIsForwardedByteForByte() {
        String raw = "a=%20b&c=d+e&x=%zz&&y=%C3%A9";
        ForwardPlan plan = plan(engine(r -> r.pathPrefix("/users")), get("/users/7").query(raw), "");

        assertEquals(raw, plan.query());
        assertEquals("/v1/users/7?" + raw, plan.pathAndQuery());
        assertEquals("http://127.0.0.1:9001/v1/users/7?" + raw, plan.target());
    }

    @Test
    void absentQueryStaysAbsent() {
        ForwardPlan plan = plan(engine(r -> r.pathPrefix("/users")), get("/users/7"), "");

        assertNull(plan.query());
        assertEquals("/v1/users/7", plan.pathAndQuery());
    }

    @Test
    void emptyQueryIsKeptAsEmpty() {
        ForwardPlan plan = plan(engine(r -> r.pathPrefix("/users")), get("/users/7").query(""), "");

        assertEquals("/v1/users/7?", plan.pathAndQuery());
    }

    @Test
    void planCarriesThePrefixesThatMapRedirectsBack() {
        ForwardPlan plan = plan(engine(r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v2")),
                get("/users/7"), "/api");

        assertEquals("/v1/v2/7", plan.path());
        assertEquals("/api/users", plan.publicPrefix());
        assertEquals("/v1/v2", plan.upstreamPrefix());
        assertEquals("/api", plan.mountPrefix());
    }

    @Test
    void roundRobinAlternatesBetweenTheUpstreamsOfAGroup() {
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001").upstream("http://127.0.0.1:9002"))
                .route("r", r -> r.to("users"))
                .build());

        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ports.add(plan(engine, get("/"), "").upstream().port());
        }

        assertEquals(List.of(9001, 9002, 9001, 9002, 9001, 9002), ports);
    }

    @Test
    void engineKeepsItsConfiguration() {
        ProxyConfig config = Configs.withUsersGroup().build();

        assertSame(config, ProxyEngine.of(config).config());
    }
}
