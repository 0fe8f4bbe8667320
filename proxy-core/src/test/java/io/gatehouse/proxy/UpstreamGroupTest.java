package io.gatehouse.proxy;

import static io.gatehouse.proxy.Configs.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gatehouse.proxy.balancing.LoadBalancer;
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
        LoadBalancer first = (candidates, request) -> candidates.get(0);
        UpstreamGroup group = ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001").loadBalancer(first))
                .build().upstreamGroup("users");

        assertSame(first, group.loadBalancer());
    }
}
