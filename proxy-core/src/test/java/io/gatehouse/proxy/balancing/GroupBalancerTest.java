package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.health.UpstreamState;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class GroupBalancerTest {

    private static TestGroup group(int n, Consumer<UpstreamGroup.Builder> options) {
        return TestGroup.of(g -> {
            for (int i = 0; i < n; i++) {
                String id = TestGroup.id(i);
                g.upstream("http://127.0.0.1:" + (9001 + i), u -> u.id(id));
            }
            options.accept(g);
        });
    }

    private static void eject(TestGroup g, String id) {
        for (int i = 0; i < 5; i++) {
            g.member(id).tryLease(0).complete(Outcome.failure(ForwardFailure.CONNECT_FAILED));
        }
    }

    private static Set<String> chosen(GroupBalancer balancer, int n) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(balancer.choose(get("/")).state().upstreamId());
        }
        return ids;
    }

    @Test
    void ejectedUpstreamsAreNeverCandidates() {
        TestGroup g = group(3, o -> { });
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        eject(g, "b");

        assertEquals(Set.of("a", "c"), chosen(balancer, 30));
    }

    @Test
    void withNothingHealthyPanicModeSpreadsOverAll() {
        TestGroup g = group(2, o -> o.outlierDetection(d -> d.maxEjectedShare(1)));
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        eject(g, "a");
        eject(g, "b");

        assertEquals(Set.of("a", "b"), chosen(balancer, 10));
    }

    @Test
    void withNothingHealthyAndNoPanicThereIsNoUpstreamAndAHintWhenToComeBack() {
        TestGroup g = group(2, o -> o.panicMode(false).outlierDetection(d -> d.maxEjectedShare(1)));
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        eject(g, "a");
        eject(g, "b");

        Choice choice = balancer.choose(get("/"));

        assertFalse(choice.found());
        assertEquals(ForwardFailure.NO_UPSTREAM, choice.failure());
        assertEquals(Duration.ofSeconds(30), choice.retryAfter());
    }

    @Test
    void upstreamsAtTheirLimitAreLeftOut() {
        TestGroup g = group(3, o -> o.maxRequestsPerUpstream(2));
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        g.busy("a", 2);
        g.busy("b", 1);

        assertEquals(Set.of("b", "c"), chosen(balancer, 30));
    }

    @Test
    void whenEveryUpstreamIsAtItsLimitTheyAreBusy() {
        TestGroup g = group(2, o -> o.maxRequestsPerUpstream(1));
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        g.busy("a", 1);
        g.busy("b", 1);

        Choice choice = balancer.choose(get("/"));

        assertEquals(ForwardFailure.UPSTREAMS_BUSY, choice.failure());
        assertEquals(Duration.ofSeconds(1), choice.retryAfter());
        assertEquals(503, choice.failure().status());
    }

    @Test
    void triedUpstreamsAreAvoidedWhileOthersRemain() {
        TestGroup g = group(3, o -> { });
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        UpstreamState a = g.member("a");
        UpstreamState b = g.member("b");
        UpstreamState c = g.member("c");

        for (int i = 0; i < 10; i++) {
            assertEquals("c", balancer.choose(get("/"), List.of(a, b), b).state().upstreamId());
            assertFalse(balancer.choose(get("/"), List.of(a, b, c), c).state() == c, "not the last one tried");
        }
    }

    @Test
    void theOnlyUpstreamIsTriedAgain() {
        TestGroup g = group(1, o -> { });
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        UpstreamState a = g.member("a");

        assertEquals(a, balancer.choose(get("/"), List.of(a), a).state());
        assertTrue(balancer.hasOtherThan(null));
        assertFalse(balancer.hasOtherThan(a));
    }

    @Test
    void aPolicyThatFindsNothingMeansNoUpstream() {
        TestGroup g = group(2, o -> o.loadBalancer(members -> (candidates, request) -> null));

        assertEquals(ForwardFailure.NO_UPSTREAM, GroupBalancer.of(g.group, g.health).choose(get("/")).failure());
    }

    @Test
    void aPolicyPickingOutsideItsCandidatesIsReportedByName() {
        TestGroup g = group(3, o -> o.maxRequestsPerUpstream(1).loadBalancer(new LoadBalancer() {
            @Override
            public Picker newPicker(List<UpstreamState> members) {
                return (candidates, request) -> members.get(0);
            }

            @Override
            public String toString() {
                return "alwaysFirst";
            }
        }));
        g.busy("a", 1);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GroupBalancer.of(g.group, g.health).choose(get("/")));

        assertEquals("load balancer alwaysFirst of group 'g' picked 'g/a', which is not one of its candidates"
                + " Candidates[b, c]", e.getMessage());
    }

    @Test
    void statesAreFoundByUpstream() {
        TestGroup g = group(2, o -> { });
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);

        assertEquals(g.member("b"), balancer.state(g.group.upstreams().get(1)));
    }

    @Test
    void aCookieNamingAnAvailableUpstreamIsFollowed() {
        TestGroup g = group(3, o -> o.sessionAffinity(SessionAffinity.cookie("pin")));
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        String b = SessionAffinity.cookie("pin").cookieValue("g", g.member("b").upstream());

        for (int i = 0; i < 10; i++) {
            UpstreamState chosen = balancer.choose(get("/").header("Cookie", "pin=" + b)).state();
            assertEquals("b", chosen.upstreamId());
            assertNull(balancer.affinityCookie(get("/").header("Cookie", "pin=" + b), chosen), "already pinned");
        }
    }

    @Test
    void aCookieNamingAnUnavailableUpstreamFallsBackAndIsReplaced() {
        TestGroup g = group(3, o -> o.sessionAffinity(SessionAffinity.cookie("pin")));
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);
        SessionAffinity affinity = SessionAffinity.cookie("pin");
        String b = affinity.cookieValue("g", g.member("b").upstream());
        eject(g, "b");
        var request = get("/").header("Cookie", "pin=" + b);

        UpstreamState chosen = balancer.choose(request).state();

        assertTrue(Set.of("a", "c").contains(chosen.upstreamId()));
        assertEquals("pin=" + affinity.cookieValue("g", chosen.upstream()) + "; Path=/; HttpOnly; SameSite=Lax",
                balancer.affinityCookie(request, chosen));
    }

    @Test
    void aFirstRequestGetsACookieNamingItsUpstream() {
        TestGroup g = group(2, o -> o.sessionAffinity(SessionAffinity.cookie()));
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);

        UpstreamState chosen = balancer.choose(get("/")).state();
        String setCookie = balancer.affinityCookie(get("/").scheme("https"), chosen);

        String value = SessionAffinity.cookie().cookieValue("g", chosen.upstream());
        assertEquals("GATEHOUSE_AFFINITY=" + value + "; Path=/; HttpOnly; SameSite=Lax; Secure", setCookie);
        assertEquals(chosen, balancer.choose(get("/").header("Cookie", "GATEHOUSE_AFFINITY=" + value)).state());
    }

    @Test
    void withoutAffinityNoCookieIsSet() {
        TestGroup g = group(2, o -> { });
        GroupBalancer balancer = GroupBalancer.of(g.group, g.health);

        assertNull(balancer.affinityCookie(get("/"), g.member("a")));
    }
}
