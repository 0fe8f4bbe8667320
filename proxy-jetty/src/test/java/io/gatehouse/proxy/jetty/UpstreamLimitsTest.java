package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.balancing.LoadBalancers;
import io.gatehouse.proxy.health.Health;
import io.gatehouse.proxy.health.OutlierDetection;
import io.gatehouse.proxy.resilience.Backoff;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * What the proxy answers when it must not send a request on: the per-upstream limit of
 * concurrent requests (another upstream, else 503 problem with {@code Retry-After}), no healthy
 * upstream with panic mode off (503 problem with {@code Retry-After}; with panic mode on, every
 * upstream is tried rather than none), and the retry budget that keeps a sick group from a retry
 * storm.
 */
class UpstreamLimitsTest extends ProxyIntegrationTest {

    @Test
    void overThePerUpstreamLimitAnotherUpstreamServesAndWithNoneLeftIt503sWithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Backend a = Backend.start(seen -> held(release, "a"));
             Backend b = Backend.start(seen -> held(release, "b"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(a.uri().toString()).upstream(b.uri().toString())
                             .loadBalancer(LoadBalancers.random())
                             .maxRequestsPerUpstream(1))
                     .route("all", r -> r.to("g"))
                     .build())) {
            List<CompletableFuture<ContentResponse>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(new CompletableResponseListener(client.newRequest(proxy.uri("/api/held/" + i))
                        .timeout(10, TimeUnit.SECONDS)).send());
                int arrived = i + 1;
                await().atMost(Duration.ofSeconds(5)).until(() -> a.arrivals() + b.arrivals() == arrived);
            }
            assertEquals(1, a.arrivals(), "one request held on each upstream, whatever the random policy picked");
            assertEquals(1, b.arrivals());

            ContentResponse third = client.newRequest(proxy.uri("/api/third")).timeout(10, TimeUnit.SECONDS).send();

            assertProblem(third, 503);
            assertTrue(third.getContentAsString().contains("request limit"), third.getContentAsString());
            assertEquals("1", third.getHeaders().get("Retry-After"));
            assertEquals(2, a.arrivals() + b.arrivals(), "the third request went nowhere");
            release.countDown();
            for (CompletableFuture<ContentResponse> response : held) {
                assertEquals(200, response.get(10, TimeUnit.SECONDS).getStatus());
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void withNoHealthyUpstreamAndPanicModeOffTheAnswerIs503WithRetryAfter() throws Exception {
        try (Backend a = failingHealth("a");
             Backend b = failingHealth("b");
             ProxyUnderTest panicOff = ProxyUnderTest.start("/api", failingChecks(a, b, false));
             ProxyUnderTest panicOn = ProxyUnderTest.start("/api", failingChecks(a, b, true))) {
            awaitUnhealthy(panicOff);
            awaitUnhealthy(panicOn);

            ContentResponse refused = client.GET(panicOff.uri("/api/x"));
            assertProblem(refused, 503);
            assertTrue(refused.getContentAsString().contains("No upstream"), refused.getContentAsString());
            assertEquals("1", refused.getHeaders().get("Retry-After"), "the health check interval, at least 1 s");

            ContentResponse panicking = client.GET(panicOn.uri("/api/x"));
            assertEquals(200, panicking.getStatus(), "panic mode spreads requests over every upstream rather than none");
        }
    }

    @Test
    void theRetryBudgetKeepsRetriesToAFifthOfRequests() throws Exception {
        try (Backend a = Backend.start(seen -> Backend.Reply.text(503, "a down"));
             Backend b = Backend.start(seen -> Backend.Reply.text(503, "b down"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(a.uri().toString()).upstream(b.uri().toString())
                             .outlierDetection(OutlierDetection.disabled()))
                     .route("all", r -> r.retry(RetryPolicy.builder().maxAttempts(3)
                             .backoff(Backoff.none())
                             .budget(0.2, 0, Duration.ofSeconds(60)).build()).to("g"))
                     .build())) {
            int requests = 100;
            for (int i = 0; i < requests; i++) {
                assertEquals(503, client.GET(proxy.uri("/api/" + i)).getStatus());
            }
            int attempts = a.requestCount() + b.requestCount();
            int retries = attempts - requests;
            System.out.printf("retry budget 20 %%, both upstreams 503: %d requests, %d attempts, %d retries"
                    + " (without a budget: %d)%n", requests, attempts, retries, requests * 2);
            assertTrue(retries > 0, "some requests were retried");
            assertTrue(retries <= requests / 5, "retries within 20 % of requests: " + retries);
        }
    }

    private static Backend.Reply held(CountDownLatch release, String name) {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Backend.Reply.text(200, name);
    }

    /** A backend that serves requests but fails its health check. */
    private static Backend failingHealth(String name) throws Exception {
        return Backend.start(seen -> seen.target().equals("/health") ? Backend.Reply.text(500, "sick")
                : Backend.Reply.text(200, name));
    }

    private static ProxyConfig failingChecks(Backend a, Backend b, boolean panicMode) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(a.uri().toString(), u -> u.id("a"))
                        .upstream(b.uri().toString(), u -> u.id("b"))
                        .healthCheck(h -> h.interval(Duration.ofMillis(50)).jitter(Duration.ZERO).unhealthyThreshold(1))
                        .panicMode(panicMode))
                .route("all", r -> r.to("g"))
                .build();
    }

    private static void awaitUnhealthy(ProxyUnderTest proxy) throws Exception {
        var upstreams = proxy.servlet().engine().upstreams();
        await().atMost(Duration.ofSeconds(5)).until(() -> upstreams.status("g", "a").health() == Health.UNHEALTHY
                && upstreams.status("g", "b").health() == Health.UNHEALTHY);
    }

    private static void assertProblem(ContentResponse response, int status) {
        assertEquals(status, response.getStatus(), response.getContentAsString());
        assertNotNull(response.getHeaders().get("Content-Type"));
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/problem+json"),
                response.getHeaders().get("Content-Type"));
        assertTrue(response.getContentAsString().contains("\"status\":" + status), response.getContentAsString());
    }
}
