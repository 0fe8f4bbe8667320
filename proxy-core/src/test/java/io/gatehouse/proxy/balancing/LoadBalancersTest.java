package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Upstream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancersTest {

    private static final List<Upstream> THREE = ProxyConfig.builder()
            .upstreamGroup("g", g -> g
                    .upstream("http://127.0.0.1:9001", u -> u.id("a"))
                    .upstream("http://127.0.0.1:9002", u -> u.id("b"))
                    .upstream("http://127.0.0.1:9003", u -> u.id("c").weight(5)))
            .build().upstreamGroup("g").upstreams();

    @Test
    void roundRobinTakesEachCandidateInTurn() {
        LoadBalancer balancer = LoadBalancers.roundRobin();

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            picks.add(balancer.choose(THREE, get("/")).id());
        }

        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), picks);
    }

    @Test
    void roundRobinSpreadsEvenlyIgnoringWeights() {
        LoadBalancer balancer = LoadBalancers.roundRobin();

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            counts.merge(balancer.choose(THREE, get("/")).id(), 1, Integer::sum);
        }

        assertEquals(Map.of("a", 100, "b", 100, "c", 100), counts);
    }

    @Test
    void eachCallReturnsAnIndependentBalancer() {
        LoadBalancer first = LoadBalancers.roundRobin();
        LoadBalancer second = LoadBalancers.roundRobin();

        assertEquals("a", first.choose(THREE, get("/")).id());
        assertEquals("b", first.choose(THREE, get("/")).id());
        assertEquals("a", second.choose(THREE, get("/")).id());
    }

    @Test
    void singleCandidateIsAlwaysChosen() {
        LoadBalancer balancer = LoadBalancers.roundRobin();

        for (int i = 0; i < 3; i++) {
            assertEquals("b", balancer.choose(THREE.subList(1, 2), get("/")).id());
        }
    }
}
