package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.balancing.TestGroup.picks;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancersTest {

    @Test
    void roundRobinTakesEachCandidateInTurn() {
        TestGroup g = TestGroup.weights(1, 1, 5);
        Picker picker = LoadBalancers.roundRobin().newPicker(g.members());

        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), picks(picker, g.candidates(), get("/"), 7));
    }

    @Test
    void roundRobinSpreadsEvenlyIgnoringWeights() {
        TestGroup g = TestGroup.weights(1, 1, 5);
        Picker picker = LoadBalancers.roundRobin().newPicker(g.members());

        Map<String, Integer> counts = new HashMap<>();
        for (String id : picks(picker, g.candidates(), get("/"), 300)) {
            counts.merge(id, 1, Integer::sum);
        }

        assertEquals(Map.of("a", 100, "b", 100, "c", 100), counts);
    }

    @Test
    void eachPickerKeepsItsOwnTurn() {
        TestGroup g = TestGroup.weights(1, 1, 5);
        LoadBalancer policy = LoadBalancers.roundRobin();
        Picker first = policy.newPicker(g.members());
        Picker second = policy.newPicker(g.members());

        assertEquals(List.of("a", "b"), picks(first, g.candidates(), get("/"), 2));
        assertEquals(List.of("a"), picks(second, g.candidates(), get("/"), 1));
    }

    @Test
    void singleCandidateIsAlwaysChosen() {
        TestGroup g = TestGroup.weights(1, 1, 5);
        Picker picker = LoadBalancers.roundRobin().newPicker(g.members());

        assertEquals(List.of("b", "b", "b"), picks(picker, g.candidatesWithout("a", "c"), get("/"), 3));
    }

    @Test
    void policiesAreKnownByTheirCliNames() {
        assertEquals("roundRobin", LoadBalancers.named("round-robin").toString());
        assertEquals("weightedRoundRobin", LoadBalancers.named("weighted-round-robin").toString());
        assertEquals("random", LoadBalancers.named("random").toString());
        assertEquals("weightedRandom", LoadBalancers.named("weighted-random").toString());
        assertEquals("leastRequests", LoadBalancers.named("least-requests").toString());
        assertEquals("powerOfTwoChoices", LoadBalancers.named("power-of-two-choices").toString());
        assertEquals("powerOfTwoChoices", LoadBalancers.named("p2c").toString());
        assertEquals("peakEwma(decay PT10S)", LoadBalancers.named("peak-ewma").toString());
        assertEquals("consistentHash(client IP, load factor 1.25)", LoadBalancers.named("ip-hash").toString());
        for (String name : LoadBalancers.NAMES) {
            LoadBalancers.named(name);
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadBalancers.named("fastest"));

        assertEquals("load balancer: 'fastest' (expected: one of [round-robin, weighted-round-robin, random,"
                + " weighted-random, least-requests, power-of-two-choices, peak-ewma, ip-hash])", e.getMessage());
    }

    @Test
    void invalidParametersAreRejectedWithTheExpectedRange() {
        assertEquals("decay: PT0S (expected: a positive duration, e.g. 10 s)", assertThrows(IllegalArgumentException.class,
                () -> LoadBalancers.peakEwma(Duration.ZERO)).getMessage());
        assertEquals("loadFactor: 0.9 (expected: 1.0 or more, e.g. 1.25; POSITIVE_INFINITY for no bound)",
                assertThrows(IllegalArgumentException.class,
                        () -> LoadBalancers.consistentHash(HashKey.clientIp(), 0.9)).getMessage());
    }

    @Test
    void onlyPeakEwmaChoosesTheLatencyDecay() {
        assertEquals(Duration.ofSeconds(3), LoadBalancers.peakEwma(Duration.ofSeconds(3)).latencyDecay());
        assertEquals(LoadBalancer.DEFAULT_LATENCY_DECAY, LoadBalancers.leastRequests().latencyDecay());
    }
}
