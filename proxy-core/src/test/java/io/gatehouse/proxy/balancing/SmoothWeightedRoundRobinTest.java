package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.balancing.TestGroup.picks;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    @Test
    void weightsFiveOneOneInterleaveLikeNginx() {
        TestGroup g = TestGroup.weights(5, 1, 1);
        Picker picker = LoadBalancers.weightedRoundRobin().newPicker(g.members());

        assertEquals(List.of("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a"),
                picks(picker, g.candidates(), get("/"), 14));
    }

    @Test
    void sharesFollowTheWeightsExactlyOverWholeCycles() {
        TestGroup g = TestGroup.weights(3, 2, 1);
        Picker picker = LoadBalancers.weightedRoundRobin().newPicker(g.members());

        Map<String, Integer> counts = new HashMap<>();
        for (String id : picks(picker, g.candidates(), get("/"), 600)) {
            counts.merge(id, 1, Integer::sum);
        }

        assertEquals(Map.of("a", 300, "b", 200, "c", 100), counts);
    }

    @Test
    void equalWeightsAlternate() {
        TestGroup g = TestGroup.weights(10, 10);
        Picker picker = LoadBalancers.weightedRoundRobin().newPicker(g.members());

        assertEquals(List.of("a", "b", "a", "b"), picks(picker, g.candidates(), get("/"), 4));
    }

    @Test
    void excludedCandidatesAreSkippedInTheCycle() {
        TestGroup g = TestGroup.weights(5, 1, 1);
        Picker picker = LoadBalancers.weightedRoundRobin().newPicker(g.members());

        List<String> ids = picks(picker, g.candidatesWithout("a"), get("/"), 10);

        assertEquals(5, Collections.frequency(ids, "b"));
        assertEquals(5, Collections.frequency(ids, "c"));
    }

    @Test
    void hugeWeightsAreScaledToACycleOfAtMost65536Turns() {
        TestGroup g = TestGroup.weights(1_000_000, 1);

        int[] turns = SmoothWeightedRoundRobin.turns(g.health.available());

        assertTrue(turns.length <= SmoothWeightedRoundRobin.MAX_CYCLE, "cycle " + turns.length);
        long lights = java.util.Arrays.stream(turns).filter(t -> t == 1).count();
        assertEquals(1, lights, "the light upstream keeps at least one turn");
    }
}
