package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.balancing.TestGroup.picks;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastRequestsTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void theCandidateWithFewestInFlightIsChosen() {
        TestGroup g = TestGroup.weights(1, 1, 1);
        g.busy("a", 3);
        g.busy("b", 1);
        g.busy("c", 2);
        Picker picker = LoadBalancers.leastRequests(() -> random).newPicker(g.members());

        assertEquals(List.of("b", "b", "b"), picks(picker, g.candidates(), get("/"), 3));
    }

    @Test
    void tiesAreBrokenAtRandom() {
        TestGroup g = TestGroup.weights(1, 1, 1);
        Picker picker = LoadBalancers.leastRequests(() -> random).newPicker(g.members());

        List<String> ids = picks(picker, g.candidates(), get("/"), 3000);

        for (String id : List.of("a", "b", "c")) {
            int n = Collections.frequency(ids, id);
            assertTrue(n > 900 && n < 1100, id + ": " + n);
        }
    }

    @Test
    void heavierUpstreamsCarryMoreInFlight() {
        TestGroup g = TestGroup.weights(3, 1);
        g.busy("a", 1);
        Picker picker = LoadBalancers.leastRequests(() -> random).newPicker(g.members());

        // a: (1 + 1) / 3 < b: (0 + 1) / 1
        assertEquals(List.of("a"), picks(picker, g.candidates(), get("/"), 1));
    }

    @Test
    void spreadsHeldRequestsEvenly() {
        TestGroup g = TestGroup.weights(1, 1, 1, 1);
        Picker picker = LoadBalancers.leastRequests(() -> random).newPicker(g.members());

        for (int i = 0; i < 100; i++) {
            picker.pick(g.candidates(), get("/")).tryLease(0);
        }

        for (String id : List.of("a", "b", "c", "d")) {
            assertEquals(25, g.member(id).inFlight(), id);
        }
    }
}
