package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.balancing.TestGroup.picks;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.health.Lease;
import io.gatehouse.proxy.health.Outcome;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeakEwmaTest {

    private final SplittableRandom random = new SplittableRandom(3);

    /** One request of {@code latency} on the upstream. */
    private static void sample(TestGroup g, String id, Duration latency) {
        Lease lease = g.member(id).tryLease(0);
        g.clock.advance(latency);
        lease.complete(Outcome.response(200));
    }

    @Test
    void aSlowUpstreamGetsLittleTrafficWithoutBeingMarkedDown() {
        TestGroup g = TestGroup.weights(1, 1, 1);
        sample(g, "a", Duration.ofMillis(10));
        sample(g, "b", Duration.ofMillis(10));
        sample(g, "c", Duration.ofMillis(200));
        Picker picker = LoadBalancers.peakEwma(Duration.ofSeconds(10), () -> random).newPicker(g.members());

        List<String> ids = picks(picker, g.candidates(), get("/"), 3000);

        assertEquals(0, Collections.frequency(ids, "c"));
        assertTrue(Collections.frequency(ids, "a") > 900, "a and b share the rest");
        assertTrue(Collections.frequency(ids, "b") > 900, "a and b share the rest");
        assertTrue(g.member("c").available(g.clock.getAsLong()));
    }

    @Test
    void requestsInFlightRaiseTheCost() {
        TestGroup g = TestGroup.weights(1, 1);
        sample(g, "a", Duration.ofMillis(10));
        sample(g, "b", Duration.ofMillis(200));
        g.busy("a", 30);
        Picker picker = LoadBalancers.peakEwma(Duration.ofSeconds(10), () -> random).newPicker(g.members());

        // a: 10 ms x 31 > b: 200 ms x 1
        assertEquals(List.of("b", "b"), picks(picker, g.candidates(), get("/"), 2));
    }

    @Test
    void aSlowUpstreamIsTriedAgainOnceItsAverageDecays() {
        LoadBalancer policy = LoadBalancers.peakEwma(Duration.ofSeconds(1), () -> random);
        TestGroup g = TestGroup.policy(policy, 2);
        sample(g, "b", Duration.ofMillis(200));
        sample(g, "a", Duration.ofMillis(10));
        Picker picker = policy.newPicker(g.members());
        assertEquals(List.of("a"), picks(picker, g.candidates(), get("/"), 1));

        for (int i = 0; i < 60; i++) {
            g.clock.advance(Duration.ofMillis(90));
            sample(g, "a", Duration.ofMillis(10));
        }

        // six decay times later b's average fell to 200 ms x e^-6 = 0.5 ms; a still answers in 10 ms
        assertEquals(List.of("b"), picks(picker, g.candidates(), get("/"), 1));
    }

    @Test
    void aNewcomerGetsOneProbeAtATimeUntilItAnswers() {
        TestGroup g = TestGroup.weights(1, 1);
        sample(g, "a", Duration.ofMillis(10));
        Picker picker = LoadBalancers.peakEwma(Duration.ofSeconds(10), () -> random).newPicker(g.members());

        assertEquals(List.of("b"), picks(picker, g.candidates(), get("/"), 1));
        g.busy("b", 1);
        assertEquals(List.of("a", "a", "a"), picks(picker, g.candidates(), get("/"), 3));
    }
}
