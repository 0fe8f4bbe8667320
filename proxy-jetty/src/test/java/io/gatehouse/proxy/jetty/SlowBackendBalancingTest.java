package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.balancing.LoadBalancer;
import io.gatehouse.proxy.balancing.LoadBalancers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * A backend 20 times slower than its two peers (2 s against 100 ms), healthy all along: round
 * robin gives it its third of the requests (and clients wait for it), while the latency-aware
 * peak EWMA and power of two choices over in-flight requests give it under 10 % without marking
 * it down.
 *
 * <p>The service times are long so that the backends' 20× is what the proxy sees even on a busy
 * machine: the proxy's own time per request counts in each upstream's latency and in-flight time
 * (at 100 ms of it, 25 ms against 500 ms looks like 125 ms against 600 ms, under 5×).
 */
class SlowBackendBalancingTest extends ProxyIntegrationTest {

    private static final int REQUESTS = 600;
    /** Round robin's shares do not depend on latency: fewer requests keep its run short. */
    private static final int ROUND_ROBIN_REQUESTS = 150;
    private static final int THREADS = 24;
    private static final Duration FAST = Duration.ofMillis(100);
    private static final Duration SLOW = FAST.multipliedBy(20);

    @Test
    void roundRobinGivesTheSlowBackendAThird() throws Exception {
        double share = slowShare("round robin", LoadBalancers.roundRobin(), ROUND_ROBIN_REQUESTS);
        assertTrue(share > 0.30 && share < 0.37, "slow backend's share: " + share);
    }

    @Test
    void peakEwmaGivesTheSlowBackendUnderATenth() throws Exception {
        double share = slowShare("peak EWMA", LoadBalancers.peakEwma(), REQUESTS);
        assertTrue(share < 0.10, "slow backend's share: " + share);
    }

    @Test
    void powerOfTwoChoicesGivesTheSlowBackendUnderATenth() throws Exception {
        double share = slowShare("power of two choices", LoadBalancers.powerOfTwoChoices(), REQUESTS);
        assertTrue(share < 0.10, "slow backend's share: " + share);
    }

    /** Sends the requests through a proxy balancing with {@code policy}; returns the slow backend's share. */
    private static double slowShare(String name, LoadBalancer policy, int requests) throws Exception {
        try (Backend fast1 = Backend.answeringAfter(FAST, seen -> Backend.Reply.text(200, "ok"));
             Backend slow = Backend.answeringAfter(SLOW, seen -> Backend.Reply.text(200, "ok"));
             Backend fast2 = Backend.answeringAfter(FAST, seen -> Backend.Reply.text(200, "ok"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(fast1.uri().toString()).upstream(slow.uri().toString())
                             .upstream(fast2.uri().toString()).loadBalancer(policy))
                     .route("all", r -> r.to("g"))
                     .build())) {
            AtomicInteger next = new AtomicInteger();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long start = System.nanoTime();
            try {
                List<Future<?>> loops = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    loops.add(pool.submit(() -> {
                        for (int i; (i = next.getAndIncrement()) < requests; ) {
                            try {
                                ContentResponse response = client.newRequest(proxy.uri("/api/" + i))
                                        .timeout(10, TimeUnit.SECONDS).send();
                                if (response.getStatus() != 200) {
                                    failures.add(response.getStatus() + " " + response.getContentAsString());
                                }
                            } catch (Exception e) {
                                failures.add(e.toString());
                            }
                        }
                    }));
                }
                for (Future<?> loop : loops) {
                    loop.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            double share = slow.requestCount() / (double) requests;
            System.out.printf("%s, backend %d ms vs %d ms: slow %d (%.1f %%), fast %d and %d; %d requests from %d threads"
                            + " in %d ms%n", name, SLOW.toMillis(), FAST.toMillis(), slow.requestCount(), share * 100,
                    fast1.requestCount(), fast2.requestCount(), requests, THREADS, millis);
            assertTrue(failures.isEmpty(), failures.toString());
            assertEquals(requests, fast1.requestCount() + slow.requestCount() + fast2.requestCount());
            return share;
        }
    }
}
