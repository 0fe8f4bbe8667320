package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.balancing.TestGroup.picks;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesTest {

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void theBusiestUpstreamLosesEveryComparison() {
        TestGroup g = TestGroup.weights(1, 1, 1);
        g.busy("a", 10);
        Picker picker = LoadBalancers.powerOfTwoChoices(() -> random).newPicker(g.members());

        List<String> ids = picks(picker, g.candidates(), get("/"), 3000);

        assertEquals(0, Collections.frequency(ids, "a"));
        int b = Collections.frequency(ids, "b");
        assertTrue(b > 1350 && b < 1650, "b: " + b);
    }

    @Test
    void ofTwoCandidatesTheLessLoadedIsAlwaysChosen() {
        TestGroup g = TestGroup.weights(1, 1);
        g.busy("a", 1);
        Picker picker = LoadBalancers.powerOfTwoChoices(() -> random).newPicker(g.members());

        assertEquals(Collections.nCopies(20, "b"), picks(picker, g.candidates(), get("/"), 20));
    }

    @Test
    void keepsHeldRequestsBalancedAcrossManyUpstreams() {
        TestGroup g = TestGroup.size(100);
        Picker picker = LoadBalancers.powerOfTwoChoices(() -> random).newPicker(g.members());

        for (int i = 0; i < 10_000; i++) {
            picker.pick(g.candidates(), get("/")).tryLease(0);
        }

        int max = g.members().stream().mapToInt(s -> s.inFlight()).max().orElseThrow();
        int min = g.members().stream().mapToInt(s -> s.inFlight()).min().orElseThrow();
        assertTrue(max - min <= 4, "spread of in-flight counts " + min + ".." + max);
    }

    @Test
    void aSingleCandidateIsChosen() {
        TestGroup g = TestGroup.weights(1, 1);
        Picker picker = LoadBalancers.powerOfTwoChoices(() -> random).newPicker(g.members());

        assertEquals(List.of("b", "b"), picks(picker, g.candidatesWithout("a"), get("/"), 2));
    }
}
