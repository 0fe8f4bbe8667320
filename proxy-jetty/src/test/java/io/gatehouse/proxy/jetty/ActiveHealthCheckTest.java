package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.health.Health;
import io.gatehouse.proxy.health.UpstreamRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Active health checks over the proxy's own client: a backend whose {@code /health} starts
 * failing is taken out after the unhealthy threshold of consecutive failed checks, gets no
 * traffic while out, and is back after the healthy threshold of passes once it recovers. The test
 * counts the checks that reach the backend while its state is still the old one: exactly the
 * threshold (checks run one after the other, the next one scheduled after the last result is
 * recorded), and never earlier than threshold - 1 intervals. Counted in checks rather than bounded in
 * wall time, which a loaded machine stretches.
 */
class ActiveHealthCheckTest extends ProxyIntegrationTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration JITTER = Duration.ofMillis(20);
    private static final int UNHEALTHY_THRESHOLD = 3;
    private static final int HEALTHY_THRESHOLD = 2;

    @Test
    void aBackendWhoseHealthFailsIsOutAfterTheThresholdAndBackAfterItRecovers() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failedChecks = new AtomicInteger();
        AtomicReference<UpstreamRegistry> registry = new AtomicReference<>();
        AtomicInteger failedWhileIn = new AtomicInteger();
        AtomicInteger passedWhileOut = new AtomicInteger();
        try (Backend a = Backend.ok("a");
             Backend b = Backend.start(seen -> {
                 if (seen.target().equals("/health")) {
                     UpstreamRegistry seenBy = registry.get();
                     Health now = seenBy == null ? Health.HEALTHY : seenBy.status("g", "b").health();
                     if (healthy.get()) {
                         if (now == Health.UNHEALTHY) {
                             passedWhileOut.incrementAndGet();
                         }
                         return Backend.Reply.text(200, "up");
                     }
                     if (now == Health.HEALTHY) {
                         failedWhileIn.incrementAndGet();
                     }
                     failedChecks.incrementAndGet();
                     return Backend.Reply.text(503, "down");
                 }
                 served.incrementAndGet();
                 return Backend.Reply.text(200, "b");
             });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g
                             .upstream(a.uri().toString(), u -> u.id("a"))
                             .upstream(b.uri().toString(), u -> u.id("b"))
                             .healthCheck(h -> h.path("/health").interval(INTERVAL).jitter(JITTER)
                                     .timeout(Duration.ofMillis(500))
                                     .unhealthyThreshold(UNHEALTHY_THRESHOLD).healthyThreshold(HEALTHY_THRESHOLD)))
                     .route("all", r -> r.to("g"))
                     .build())) {
            UpstreamRegistry upstreams = proxy.servlet().engine().upstreams();
            registry.set(upstreams);
            await().atMost(Duration.ofSeconds(5)).until(() -> upstreams.status("g", "b").health() == Health.HEALTHY);
            assertTrue(receivesTraffic(proxy, served), "b serves while healthy");

            long failingSince = System.nanoTime();
            healthy.set(false);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> upstreams.status("g", "b").health() == Health.UNHEALTHY);
            Duration out = Duration.ofNanos(System.nanoTime() - failingSince);
            int checksWhenOut = failedChecks.get();

            int before = served.get();
            for (int i = 0; i < 20; i++) {
                assertEquals("a", client.GET(proxy.uri("/api/" + i)).getContentAsString());
            }
            assertEquals(before, served.get(), "no traffic while out");

            long recoveringSince = System.nanoTime();
            healthy.set(true);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> upstreams.status("g", "b").health() == Health.HEALTHY);
            Duration back = Duration.ofNanos(System.nanoTime() - recoveringSince);
            assertTrue(receivesTraffic(proxy, served), "b serves again once back");

            System.out.printf("active health (interval %d ms, jitter %d ms, down %d / up %d): out after %d ms"
                            + " (%d failed checks), back after %d ms (%d passed checks); reason: %s%n", INTERVAL.toMillis(),
                    JITTER.toMillis(), UNHEALTHY_THRESHOLD, HEALTHY_THRESHOLD, out.toMillis(), checksWhenOut,
                    back.toMillis(), passedWhileOut.get(),
                    upstreams.status("g", "b").reason());
            assertEquals(UNHEALTHY_THRESHOLD, failedWhileIn.get(), "failed checks that found it still in");
            assertTrue(checksWhenOut >= UNHEALTHY_THRESHOLD, "out after " + checksWhenOut + " failed checks");
            assertTrue(out.compareTo(INTERVAL.multipliedBy(UNHEALTHY_THRESHOLD - 1)) >= 0, "out too early: " + out);
            assertEquals(HEALTHY_THRESHOLD, passedWhileOut.get(), "passed checks that found it still out");
            assertTrue(back.compareTo(INTERVAL.multipliedBy(HEALTHY_THRESHOLD - 1)) >= 0, "back too early: " + back);
        }
    }

    /**
     * Issue 11, defect 5: a backend ejected by passive outlier detection (5 min) and restarted gets
     * traffic again as soon as a health check sent after the ejection passes, not after 5 min.
     * The active checks' unhealthy threshold is high so that only the passive detection takes it out.
     */
    @Test
    void aPassingCheckEndsAPassiveEjectionLongBeforeItsTime() throws Exception {
        Duration ejection = Duration.ofMinutes(5);
        AtomicInteger served = new AtomicInteger();
        try (Backend a = Backend.ok("a");
             Backend b = Backend.start(seen -> {
                 if (!seen.target().equals("/health")) {
                     served.incrementAndGet();
                 }
                 return Backend.Reply.text(200, "b");
             });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g
                             .upstream(a.uri().toString(), u -> u.id("a"))
                             .upstream(b.uri().toString(), u -> u.id("b"))
                             .healthCheck(h -> h.path("/health").interval(INTERVAL).jitter(JITTER)
                                     .timeout(Duration.ofMillis(500)).unhealthyThreshold(1000))
                             .outlierDetection(o -> o.consecutiveFailures(2).baseEjectionTime(ejection)
                                     .maxEjectionTime(ejection)))
                     .route("all", r -> r.to("g"))
                     .build())) {
            UpstreamRegistry upstreams = proxy.servlet().engine().upstreams();
            await().atMost(Duration.ofSeconds(5)).until(() -> upstreams.status("g", "b").health() == Health.HEALTHY);

            b.stop();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> {
                client.GET(proxy.uri("/api/x"));
                return upstreams.status("g", "b").health() == Health.EJECTED;
            });
            assertEquals(1, upstreams.status("g", "b").ejections());

            long restartedAt = System.nanoTime();
            b.restart();
            int before = served.get();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
                client.GET(proxy.uri("/api/y"));
                return served.get() > before;
            });
            Duration back = Duration.ofNanos(System.nanoTime() - restartedAt);

            System.out.printf("passive ejection of %s ended by a passing health check %d ms after the restart;"
                    + " reason: %s%n", ejection, back.toMillis(), upstreams.status("g", "b").reason());
            assertEquals(Health.HEALTHY, upstreams.status("g", "b").health());
            assertTrue(upstreams.status("g", "b").reason().startsWith("ejection 1 ended early: a health check sent"
                    + " after it passed (status 200)"), upstreams.status("g", "b").reason());
        }
    }

    /** Whether b serves some of 20 requests (round robin over a and b). */
    private static boolean receivesTraffic(ProxyUnderTest proxy, AtomicInteger served) throws Exception {
        int before = served.get();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, client.GET(proxy.uri("/api/" + i)).getStatus());
        }
        return served.get() > before;
    }
}
