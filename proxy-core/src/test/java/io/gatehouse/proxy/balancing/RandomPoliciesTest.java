package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.balancing.TestGroup.picks;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomPoliciesTest {

    private final SplittableRandom random = new SplittableRandom(42);

    private static Map<String, Integer> counts(Iterable<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        for (String id : ids) {
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    private static void assertShare(double expected, int count, int total) {
        double share = (double) count / total;
        assertTrue(Math.abs(share - expected) < 0.02, "share " + share + ", expected " + expected);
    }

    @Test
    void randomSpreadsEvenlyIgnoringWeights() {
        TestGroup g = TestGroup.weights(1, 1, 5);
        Picker picker = LoadBalancers.random(() -> random).newPicker(g.members());

        Map<String, Integer> counts = counts(picks(picker, g.candidates(), get("/"), 30_000));

        for (String id : new String[] {"a", "b", "c"}) {
            assertShare(1 / 3.0, counts.get(id), 30_000);
        }
    }

    @Test
    void weightedRandomFollowsTheWeights() {
        TestGroup g = TestGroup.weights(1, 1, 5);
        Picker picker = LoadBalancers.weightedRandom(() -> random).newPicker(g.members());

        Map<String, Integer> counts = counts(picks(picker, g.candidates(), get("/"), 70_000));

        assertShare(1 / 7.0, counts.get("a"), 70_000);
        assertShare(1 / 7.0, counts.get("b"), 70_000);
        assertShare(5 / 7.0, counts.get("c"), 70_000);
    }

    @Test
    void weightedRandomOverSomeCandidatesFollowsTheirWeights() {
        TestGroup g = TestGroup.weights(1, 3, 5);
        Picker picker = LoadBalancers.weightedRandom(() -> random).newPicker(g.members());

        Map<String, Integer> counts = counts(picks(picker, g.candidatesWithout("c"), get("/"), 40_000));

        assertEquals(2, counts.size());
        assertShare(0.25, counts.get("a"), 40_000);
        assertShare(0.75, counts.get("b"), 40_000);
    }

    @Test
    void randomNeverPicksAnExcludedCandidate() {
        TestGroup g = TestGroup.weights(1, 1, 1);
        Picker picker = LoadBalancers.random(() -> random).newPicker(g.members());

        assertEquals(Map.of("a", 1000), counts(picks(picker, g.candidatesWithout("b", "c"), get("/"), 1000)));
    }
}
