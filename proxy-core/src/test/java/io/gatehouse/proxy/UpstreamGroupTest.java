package io.gatehouse.proxy;

import static io.gatehouse.proxy.Configs.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gatehouse.proxy.balancing.LoadBalancer;
import io.gatehouse.proxy.balancing.SessionAffinity;
import io.gatehouse.proxy.health.HealthCheck;
import io.gatehouse.proxy.health.OutlierDetection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamGroupTest {

    @Test
    void groupWithoutUpstreamsIsRejected() {
        assertEquals(List.of("upstream group 'users' has no upstreams; add one with .upstream(\"http://host:port\")"),
                problemsOf(ProxyConfig.builder().upstreamGroup("users", g -> { })));
    }

    @Test
    void sameUpstreamTwiceInAGroupIsRejected() {
        assertEquals(List.of("upstream 'http://127.0.0.1:9001' appears twice in group 'users';"
                + " give each upstream a distinct URI or id"),
                problemsOf(ProxyConfig.builder().upstreamGroup("users",
                        g -> g.upstream("http://127.0.0.1:9001").upstream("http://127.0.0.1:9001"))));
    }

    @Test
    void sameUpstreamSpelledDifferentlyIsRejected() {
        assertEquals(List.of("upstream 'http://127.0.0.1:80' appears twice in group 'users';"
                + " give each upstream a distinct URI or id"),
                problemsOf(ProxyConfig.builder().upstreamGroup("users",
                        g -> g.upstream("http://127.0.0.1").upstream("http://127.0.0.1:80/"))));
    }

    @Test
    void sameIdTwiceInAGroupIsRejected() {
        assertEquals(List.of("upstream 'a' appears twice in group 'users'; give each upstream a distinct URI or id"),
                problemsOf(ProxyConfig.builder().upstreamGroup("users", g -> g
                        .upstream("http://127.0.0.1:9001", u -> u.id("a"))
                        .upstream("http://127.0.0.1:9002", u -> u.id("a")))));
    }

    @Test
    void sameUriUnderDistinctIdsIsAllowed() {
        UpstreamGroup group = ProxyConfig.builder().upstreamGroup("users", g -> g
                        .upstream("http://127.0.0.1:9001", u -> u.id("a"))
                        .upstream("http://127.0.0.1:9001", u -> u.id("b")))
                .build().upstreamGroup("users");

        assertEquals(List.of("a", "b"), group.upstreams().stream().map(Upstream::id).toList());
    }

    @Test
    void upstreamsKeepTheirOrderAndTheGroupDefaultsToRoundRobin() {
        UpstreamGroup group = ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9002").upstream("http://127.0.0.1:9001"))
                .build().upstreamGroup("users");

        assertEquals(List.of("http://127.0.0.1:9002", "http://127.0.0.1:9001"),
                group.upstreams().stream().map(Upstream::id).toList());
        assertNotNull(group.loadBalancer());
        assertEquals("roundRobin", group.loadBalancer().toString());
    }

    @Test
    void configuredLoadBalancerIsKept() {
        LoadBalancer first = members -> (candidates, request) -> candidates.get(0);
        UpstreamGroup group = ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001").loadBalancer(first))
                .build().upstreamGroup("users");

        assertSame(first, group.loadBalancer());
    }

    @Test
    void healthOptionsDefaultToPassiveDetectionPanicModeAndNoLimits() {
        UpstreamGroup group = Configs.withUsersGroup().build().upstreamGroup("users");

        assertNull(group.healthCheck());
        assertEquals(OutlierDetection.defaults().toString(), group.outlierDetection().toString());
        assertEquals(Duration.ZERO, group.slowStart());
        assertTrue(group.panicMode());
        assertEquals(0, group.maxRequestsPerUpstream());
        assertNull(group.sessionAffinity());
    }

    @Test
    void healthOptionsAreKept() {
        SessionAffinity affinity = SessionAffinity.cookie("route");
        UpstreamGroup group = ProxyConfig.builder().upstreamGroup("users", g -> g
                        .upstream("http://127.0.0.1:9001")
                        .healthCheck(h -> h.path("/ready").interval(Duration.ofSeconds(5)).unhealthyThreshold(2))
                        .outlierDetection(o -> o.consecutiveFailures(3))
                        .slowStart(Duration.ofSeconds(30))
                        .panicMode(false)
                        .maxRequestsPerUpstream(100)
                        .sessionAffinity(affinity))
                .build().upstreamGroup("users");

        HealthCheck check = group.healthCheck();
        assertEquals("/ready", check.path());
        assertEquals(Duration.ofSeconds(5), check.interval());
        assertEquals(Duration.ofMillis(500), check.jitter());
        assertEquals(2, check.unhealthyThreshold());
        assertEquals(3, group.outlierDetection().consecutiveFailures());
        assertEquals(Duration.ofSeconds(30), group.slowStart());
        assertFalse(group.panicMode());
        assertEquals(100, group.maxRequestsPerUpstream());
        assertSame(affinity, group.sessionAffinity());
    }

    @Test
    void invalidHealthOptionsAreAllReportedWithTheGroupAndTheExpectedValue() {
        assertEquals(List.of(
                        "upstream group 'users': healthCheck interval: PT0S (expected: a positive duration)",
                        "upstream group 'users': outlierDetection maxEjectedShare: 1.5 (expected: 0.0-1.0, e.g. 0.5 for half)",
                        "upstream group 'users': slowStart PT-1S is invalid (expected: zero for none, or a positive duration"
                                + " such as 30 s)",
                        "upstream group 'users': maxRequestsPerUpstream -1 is invalid (expected: 0 for no limit, or 1 or more)"),
                problemsOf(ProxyConfig.builder().upstreamGroup("users", g -> g
                        .upstream("http://127.0.0.1:9001")
                        .healthCheck(h -> h.interval(Duration.ZERO))
                        .outlierDetection(o -> o.maxEjectedShare(1.5))
                        .slowStart(Duration.ofSeconds(-1))
                        .maxRequestsPerUpstream(-1))));
    }

    @Test
    void ejectionCapShorterThanItsBaseIsReported() {
        assertEquals(List.of("upstream group 'users': outlierDetection maxEjectionTime: PT10S (expected: at least"
                        + " baseEjectionTime PT30S)"),
                problemsOf(ProxyConfig.builder().upstreamGroup("users", g -> g
                        .upstream("http://127.0.0.1:9001")
                        .outlierDetection(o -> o.maxEjectionTime(Duration.ofSeconds(10))))));
    }
}
