package io.gatehouse.proxy;

import static io.gatehouse.proxy.Configs.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gatehouse.proxy.resilience.RetryPolicy;
import io.gatehouse.proxy.split.TrafficSplit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route options of issue 6: retry policy and traffic split. */
class RouteResilienceTest {

    @Test
    void routesRetryByDefaultAndKeepTheirOwnPolicy() {
        RetryPolicy none = RetryPolicy.none();
        ProxyConfig config = Configs.withUsersGroup()
                .route("default", r -> r.pathPrefix("/a").to("users"))
                .route("none", r -> r.pathPrefix("/b").to("users").retry(none))
                .build();

        assertSame(RetryPolicy.defaults(), config.routes().get(0).retry());
        assertSame(none, config.routes().get(1).retry());
        assertNull(config.routes().get(0).split());
    }

    @Test
    void aWeightedSplitNeedsNoGroupOfItsOwn() {
        Route route = ProxyConfig.builder()
                .upstreamGroup("stable", g -> g.upstream("http://127.0.0.1:9001"))
                .upstreamGroup("canary", g -> g.upstream("http://127.0.0.1:9002"))
                .route("r", r -> r.split(TrafficSplit.weighted().to("stable", 95).to("canary", 5)))
                .build().routes().get(0);

        assertEquals("stable", route.upstreamGroup());
        assertEquals(Set.of("stable", "canary"), route.upstreamGroups());
    }

    @Test
    void aRuleSplitStillNeedsTheRoutesGroup() {
        assertEquals(List.of("route 'r' has no upstream group; add .to(\"group-id\")"),
                problemsOf(Configs.withUsersGroup().route("r", r -> r.split(TrafficSplit.byHeader("X").when("1", "users")))));
    }

    @Test
    void aSplitThatSendsNowhereIsReported() {
        assertEquals(List.of("route 'r': split TrafficSplit[] sends nowhere; add .to(\"group\", weight) to it"),
                problemsOf(Configs.withUsersGroup().route("r", r -> r.to("users").split(TrafficSplit.weighted()))));
        assertEquals(List.of("route 'r': split TrafficSplit[by header X] sends nowhere; add .when(value, \"group\") to it"),
                problemsOf(Configs.withUsersGroup().route("r", r -> r.to("users").split(TrafficSplit.byHeader("X")))));
    }
}
