package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.FakeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConsistentHashTest {

    private static final int KEYS = 10_000;

    private final SplittableRandom random = new SplittableRandom(5);

    private LoadBalancer byUser(double loadFactor) {
        return LoadBalancers.consistentHash(HashKey.header("X-User"), loadFactor, () -> random);
    }

    private static FakeRequest user(int i) {
        return get("/").header("X-User", "user-" + i);
    }

    private static List<String> route(Picker picker, Candidates candidates) {
        List<String> ids = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            ids.add(picker.pick(candidates, user(i)).upstreamId());
        }
        return ids;
    }

    @Test
    void theSameKeyAlwaysGoesToTheSameUpstream() {
        TestGroup g = TestGroup.size(10);
        Picker first = byUser(Double.POSITIVE_INFINITY).newPicker(g.members());
        Picker second = byUser(Double.POSITIVE_INFINITY).newPicker(g.members());

        assertEquals(route(first, g.candidates()), route(first, g.candidates()));
        assertEquals(route(first, g.candidates()), route(second, g.candidates()), "the ring depends only on the ids");
    }

    @Test
    void keysSpreadOverEveryUpstream() {
        TestGroup g = TestGroup.size(10);

        List<String> ids = route(byUser(Double.POSITIVE_INFINITY).newPicker(g.members()), g.candidates());

        for (UpstreamState member : g.members()) {
            int n = Collections.frequency(ids, member.upstreamId());
            assertTrue(n > 600 && n < 1400, member.upstreamId() + ": " + n);
        }
    }

    @Test
    void anUnavailableUpstreamMovesOnlyItsOwnKeysAboutOneNth() {
        TestGroup g = TestGroup.size(10);
        Picker picker = byUser(Double.POSITIVE_INFINITY).newPicker(g.members());
        List<String> before = route(picker, g.candidates());

        List<String> after = route(picker, g.candidatesWithout("u3"));

        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            if (!before.get(i).equals(after.get(i))) {
                moved++;
                assertEquals("u3", before.get(i), "only keys of the missing upstream move");
            }
        }
        assertEquals(Collections.frequency(before, "u3"), moved);
        assertTrue(moved > 600 && moved < 1400, "moved " + moved + " of " + KEYS + " (1/N = 1000)");
    }

    @Test
    void droppingAnUpstreamFromTheConfigurationMovesAboutOneNthOfTheKeys() {
        TestGroup ten = TestGroup.size(10);
        List<String> before = route(byUser(Double.POSITIVE_INFINITY).newPicker(ten.members()), ten.candidates());
        UpstreamGroup nine = ProxyConfig.builder().upstreamGroup("g", g -> {
            for (int i = 0; i < 10; i++) {
                if (i != 7) {
                    String id = "u" + i;
                    g.upstream("http://10.0.0." + (i + 1) + ":8080", u -> u.id(id));
                }
            }
        }).build().upstreamGroup("g");
        var health = UpstreamRegistry.create().bind(nine, Duration.ofSeconds(10));

        List<String> after = route(byUser(Double.POSITIVE_INFINITY).newPicker(health.members()),
                Candidates.of(health.available(), 0));

        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            if (!before.get(i).equals(after.get(i))) {
                moved++;
                assertEquals("u7", before.get(i));
            }
        }
        assertTrue(moved > 600 && moved < 1400, "moved " + moved);
    }

    @Test
    void noUpstreamCarriesMoreThanTheLoadFactorTimesTheAverage() {
        TestGroup g = TestGroup.size(4);
        Picker picker = byUser(1.25).newPicker(g.members());

        for (int i = 0; i < 100; i++) {
            picker.pick(g.candidates(), user(1)).tryLease(0);
        }

        int max = g.members().stream().mapToInt(UpstreamState::inFlight).max().orElseThrow();
        assertTrue(max <= Math.ceil(1.25 * 100 / 4), "busiest carries " + max);
    }

    @Test
    void aKeyStaysPutWhileItsUpstreamIsUnderTheBound() {
        TestGroup g = TestGroup.size(4);
        Picker picker = byUser(1.25).newPicker(g.members());
        String home = picker.pick(g.candidates(), user(1)).upstreamId();
        g.busy("u0", 1);
        g.busy("u1", 1);
        g.busy("u2", 1);
        g.busy("u3", 1);

        assertEquals(home, picker.pick(g.candidates(), user(1)).upstreamId());
        g.busy(home, 2);
        assertNotEquals(home, picker.pick(g.candidates(), user(1)).upstreamId());
    }

    @Test
    void requestsWithoutAKeyAreSpreadAtRandom() {
        TestGroup g = TestGroup.size(3);
        Picker picker = byUser(1.25).newPicker(g.members());

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(picker.pick(g.candidates(), get("/")).upstreamId(), 1, Integer::sum);
        }

        assertEquals(3, counts.size());
        counts.values().forEach(n -> assertTrue(n > 850 && n < 1150, counts.toString()));
    }

    @Test
    void heavierUpstreamsOwnMoreOfTheRing() {
        TestGroup g = TestGroup.weights(3, 1);

        List<String> ids = route(byUser(Double.POSITIVE_INFINITY).newPicker(g.members()), g.candidates());

        int a = Collections.frequency(ids, "a");
        assertTrue(a > 6800 && a < 8200, "a: " + a);
    }
}
