package io.gatehouse.proxy.split;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.balancing.HashKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrafficSplitTest {

    private final SplittableRandom random = new SplittableRandom(17);

    @Test
    void aCanaryGetsItsShareWithinATolerance() {
        TrafficSplit split = TrafficSplit.weighted().to("stable", 95).to("canary", 5);

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            counts.merge(split.group(get("/"), random), 1, Integer::sum);
        }

        double canary = counts.get("canary") / 100_000.0;
        assertTrue(Math.abs(canary - 0.05) < 0.005, "canary share " + canary);
        assertEquals(100_000, counts.get("stable") + counts.get("canary"));
    }

    @Test
    void aStickySplitKeepsEachKeyInOneGroupAndStillHonoursTheShares() {
        TrafficSplit split = TrafficSplit.weighted().to("a", 80).to("b", 20).stickyBy(HashKey.cookie("uid"));

        int b = 0;
        for (int user = 0; user < 20_000; user++) {
            var request = get("/").header("Cookie", "uid=user-" + user);
            String group = split.group(request, random);
            assertEquals(group, split.group(request, random));
            if (group.equals("b")) {
                b++;
            }
        }
        assertTrue(Math.abs(b / 20_000.0 - 0.2) < 0.02, "b share " + b / 20_000.0);
    }

    @Test
    void aHeaderValuePicksTheGroupAndOthersStayOnTheRoutesGroup() {
        TrafficSplit split = TrafficSplit.byHeader("X-Variant").when("beta", "beta-group").when("gamma", "gamma-group");

        assertEquals("beta-group", split.group(get("/").header("X-Variant", "beta"), random));
        assertEquals("gamma-group", split.group(get("/").header("x-variant", "gamma"), random));
        assertNull(split.group(get("/").header("X-Variant", "Beta"), random));
        assertNull(split.group(get("/"), random));
    }

    @Test
    void aCookieValuePicksTheGroup() {
        TrafficSplit split = TrafficSplit.byCookie("variant").when("b", "group-b");

        assertEquals("group-b", split.group(get("/").header("Cookie", "x=1; variant=b"), random));
        assertNull(split.group(get("/").header("Cookie", "variant=a"), random));
    }

    @Test
    void theClientsNetworkPicksTheGroupFirstMatchWinning() {
        TrafficSplit split = TrafficSplit.byNetwork()
                .when("10.1.0.0/16", "lab")
                .when("10.0.0.0/8", "internal")
                .when("2001:db8::/32", "v6");

        assertEquals("lab", split.group(get("/").remoteAddress("10.1.2.3"), random));
        assertEquals("internal", split.group(get("/").remoteAddress("10.2.2.3"), random));
        assertEquals("v6", split.group(get("/").remoteAddress("2001:db8::7"), random));
        assertNull(split.group(get("/").remoteAddress("198.51.100.1"), random));
        assertEquals("internal", split.group(get("/").remoteAddress("::ffff:10.9.8.7"), random), "IPv4-mapped");
        assertEquals("v6", split.group(get("/").remoteAddress("[2001:db8::1]"), random), "bracketed");
        assertNull(split.group(get("/").remoteAddress("localhost"), random), "not an address: no network rule");
        assertEquals(Set.of("lab", "internal", "v6"), split.groups());
    }

    @Test
    void misuseIsRejectedWithTheRightMethodToCall() {
        assertEquals("weight of group 'b': 0 (expected: 1 or more)", assertThrows(IllegalArgumentException.class,
                () -> TrafficSplit.weighted().to("b", 0)).getMessage());
        assertEquals("group 'a' is in the split twice; give it one weight", assertThrows(IllegalArgumentException.class,
                () -> TrafficSplit.weighted().to("a", 1).to("a", 2)).getMessage());
        assertEquals("when(value, group) is for header, cookie and network splits; use to(group, weight)",
                assertThrows(IllegalStateException.class, () -> TrafficSplit.weighted().when("x", "a")).getMessage());
        assertThrows(IllegalStateException.class, () -> TrafficSplit.byHeader("X").to("a", 1));
        assertThrows(IllegalArgumentException.class, () -> TrafficSplit.byNetwork().when("10.0.0.0/40", "a"));
        assertEquals("cidr: '10.1.2.3/8' has bits set after the /8 prefix (expected: the network address, 10.0.0.0/8)",
                assertThrows(IllegalArgumentException.class, () -> TrafficSplit.byNetwork().when("10.1.2.3/8", "a"))
                        .getMessage(), "one CIDR parser for access lists and splits: as strict in both");
    }

    @Test
    void describesItself() {
        assertEquals("TrafficSplit[stable 95, canary 5]", TrafficSplit.weighted().to("stable", 95).to("canary", 5).toString());
        assertEquals("TrafficSplit[by header X-Variant, beta -> b]",
                TrafficSplit.byHeader("X-Variant").when("beta", "b").toString());
    }
}
